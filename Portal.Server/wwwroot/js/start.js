// Start Blazor in the culture the page was rendered in, so prerendered and interactive text agree.
Blazor.start({
    webAssembly: { applicationCulture: document.documentElement.lang || 'en' }
});

// Called by the layout once the page is interactive: its controls can act now (see .starting in portal.css).
window.portalReady = () => document.documentElement.classList.remove('starting');
