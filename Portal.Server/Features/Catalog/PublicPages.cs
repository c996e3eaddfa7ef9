using System.Globalization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Portal.Server.Features.Catalog;

/// <summary>
/// The catalog as a visitor who has not signed in sees it — home, the product list, a product's page — is the same
/// page for everyone who reads the same language in the same minute, so the server renders it once and serves that
/// copy (issue 6: rendering a MudBlazor page costs ~100 times what sending it does). Anyone signed in always gets a
/// fresh render: their page carries their name and their antiforgery token.
/// <para>Each instance keeps its own copy in memory. Staff changes to products and promotions drop it at once on the
/// instance that made them (<see cref="EvictOnChange"/>); other instances, and changes that come with time (a
/// window opening, a promotion filling up), show within the minute the copy is keyed by.</para>
/// </summary>
public sealed class PublicPages : IOutputCachePolicy
{
    public const string Policy = "public-pages";
    private const string Tag = "public-pages";

    private static readonly HashSet<Type> Pages =
        [typeof(Portal.Client.Features.Home.Home), typeof(Portal.Client.Features.Catalog.ProductList), typeof(Portal.Client.Features.Catalog.ProductPage)];

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var cacheable = (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && http.User.Identity?.IsAuthenticated != true
            && http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type is { } page && Pages.Contains(page);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true; // one render for a crowd arriving at once
        if (!cacheable) return ValueTask.CompletedTask;

        // Rendering issues an antiforgery cookie, and the copy keeps every header: handing everyone the same cookie
        // would let a stranger who read it forge a form in their name. So no copy of this page sets one — on the
        // wire, after the copy is taken. Nothing an anonymous page posts needs it: sign-in and registration are
        // pages of their own, rendered fresh with their own token.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.Remove(HeaderNames.SetCookie);
            return Task.CompletedTask;
        });
        context.Tags.Add(Tag);
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(1);
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["culture"] = CultureInfo.CurrentUICulture.Name;
        // The lender's clock, not the cache's: what is published, and which promotions are open, is decided by it.
        context.CacheVaryByRules.VaryByValues["minute"] = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()
            .ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken ct)
    {
        // A product that is not found (404) or a page that failed is rendered afresh each time.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }

    /// <summary>An endpoint filter for staff changes to what the public pages show.</summary>
    public static async ValueTask<object?> EvictOnChange(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method))
            await http.RequestServices.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(Tag, http.RequestAborted);
        return result;
    }
}
