// Start Blazor in the culture the page was rendered in, so prerendered and interactive text agree.
Blazor.start({
    webAssembly: { applicationCulture: document.documentElement.lang || 'en' }
}).catch(() => {
    // It will not start (a failed download, an old browser): say so rather than leave the page "getting ready" for ever.
    document.documentElement.classList.remove('starting');
    const error = document.getElementById('blazor-error-ui');
    if (error) error.style.display = 'block';
});

// Blazor.start() resolves before WebAssembly has started, and a failed download does not reject it: watch for the
// error bar Blazor shows, and after a minute stop holding the page back and say something went wrong.
if (document.documentElement.classList.contains('starting')) {
    const since = Date.now();
    const watch = setInterval(() => {
        const html = document.documentElement;
        if (!html.classList.contains('starting')) { clearInterval(watch); return; }
        const error = document.getElementById('blazor-error-ui');
        if ((error && getComputedStyle(error).display !== 'none') || Date.now() - since > 60000) {
            html.classList.remove('starting');
            if (error) error.style.display = 'block';
            clearInterval(watch);
        }
    }, 1000);
}

// Called by the layout once the page is interactive: its controls can act now (see .starting in portal.css).
window.portalReady = () => document.documentElement.classList.remove('starting');

// The keyboard is held back like the pointer: Enter or Space on a button, or typing in a field, would be lost or undone
// when the page starts. Tab still moves around the page.
document.addEventListener('keydown', e => {
    if (!document.documentElement.classList.contains('starting') || e.key === 'Tab') return;
    if (e.target instanceof Element && e.target.closest('main') && e.target.closest('button, input, select, textarea, [role=button]')) {
        e.preventDefault();
    }
}, true);
