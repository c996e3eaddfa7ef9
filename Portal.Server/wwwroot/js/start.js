// Start Blazor in the culture the page was rendered in, so prerendered and interactive text agree.
Blazor.start({
    webAssembly: { applicationCulture: document.documentElement.lang || 'en' }
});
