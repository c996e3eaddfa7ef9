namespace Portal.Server.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>
    /// CSP that Blazor WebAssembly can live with: it needs 'wasm-unsafe-eval' to compile the runtime,
    /// and MudBlazor sets inline styles. No inline script is allowed. Frames show only our own documents (the case page's
    /// preview), and no other site may frame us.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; " +
        "frame-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, bool development) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var csp = ContentSecurityPolicy;
            // The API browser (mapped in Development only) boots from an inline module script.
            if (context.Request.Path.StartsWithSegments("/scalar")) csp = csp.Replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
            // Hot reload and the WebAssembly debugger talk over websockets on a developer's machine.
            if (development) csp = csp.Replace("connect-src 'self'", "connect-src 'self' ws: wss:");
            // A stricter policy set by the endpoint itself (downloads are sandboxed) is kept.
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = csp;
            headers.XContentTypeOptions = "nosniff";
            // API answers carry personal data: never kept by a shared or browser cache.
            if (context.Request.Path.StartsWithSegments("/api") && string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
            // Framing is refused unless the endpoint allowed its own pages to frame it (the case page's document preview).
            if (string.IsNullOrEmpty(headers.XFrameOptions)) headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next();
    });
}
