using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Server.Features.Catalog;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Security;

namespace Portal.Server.Features.Promotions;

public static class PromotionsEndpoints
{
    public static IEndpointRouteBuilder MapPromotionsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Promotions").RequireCsrfHeader();

        api.MapGet("/promotions", async (IPromotionsService p, CancellationToken ct) => TypedResults.Ok(await p.ListOpenAsync(ct)))
            .AllowAnonymous().WithSummary("Promotions open for sign-up now");
        api.MapGet("/promotions/{slug}", async Task<Results<Ok<PromotionView>, NotFound>> (string slug, IPromotionsService p, CancellationToken ct) =>
                await p.GetAsync(slug, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .AllowAnonymous().WithSummary("One published promotion (counted as a view)");
        api.MapGet("/promotions/{slug}/image", async Task<IResult> (string slug, PromotionsService p, HttpContext http, CancellationToken ct) =>
            {
                if (await p.ImageAsync(slug, ct) is not { } image) return TypedResults.NotFound();
                http.Response.Headers["X-Content-Type-Options"] = "nosniff";
                http.Response.Headers["Content-Security-Policy"] = "sandbox; default-src 'none'";
                // A draft's image is marketing's alone: no shared cache may keep it.
                http.Response.Headers.CacheControl = image.Published ? "public, max-age=3600" : "private, no-store";
                return TypedResults.File(image.Content, image.ContentType);
            })
            .AllowAnonymous().WithSummary("A promotion's image (JPEG or PNG, checked by content at upload)");
        api.MapPost("/promotions/{slug}/sign-up", async (string slug, IPromotionsService p, CancellationToken ct) => TypedResults.Ok(await p.SignUpAsync(slug, ct)))
            .RequireAuthorization(Permissions.ApplyForLoans).WithSummary("Sign up to a promotion (once; never beyond its capacity)");
        api.MapGet("/me/promotions", async (IPromotionsService p, CancellationToken ct) => TypedResults.Ok(await p.MineAsync(ct)))
            .RequireAuthorization(Permissions.ApplyForLoans).WithSummary("The caller's promotions");
        api.MapGet("/me/marketing", async (IPromotionsService p, CancellationToken ct) => TypedResults.Ok(await p.MarketingAsync(ct)))
            .RequireAuthorization(Permissions.ApplyForLoans).WithSummary("Whether the caller wants promotions by email");
        api.MapPut("/me/marketing", async (MarketingChoice choice, IPromotionsService p, CancellationToken ct) => TypedResults.Ok(await p.SetMarketingAsync(choice.OptIn, ct)))
            .RequireAuthorization(Permissions.ApplyForLoans).WithSummary("Opt in to or out of promotions by email (recorded with the time)");

        // Mail apps post here without our header or a sign-in (RFC 8058): the signed token is the authority, and
        // unsubscribing twice does no harm. Outside the CSRF group for that reason.
        app.MapPost("/api/marketing/unsubscribe", async ([FromQuery] string? token, HttpRequest request, IPromotionsService p, CancellationToken ct) =>
            {
                token ??= request.HasFormContentType ? (string?)(await request.ReadFormAsync(ct))["token"] : null;
                await p.UnsubscribeAsync(token ?? "", ct);
                return TypedResults.Ok();
            })
            .AllowAnonymous().DisableAntiforgery().WithTags("Promotions")
            .WithMetadata(new RequestSizeLimitAttribute(8 * 1024))
            .WithSummary("One-click unsubscribe from promotion emails with the signed link's token");

        var staff = api.MapGroup("/staff/promotions").RequireAuthorization(Permissions.ManagePromotions)
            .AddEndpointFilter(PublicPages.EvictOnChange);
        staff.MapGet("/", async (IPromotionsAdminService p, CancellationToken ct) => TypedResults.Ok(await p.ListAllAsync(ct)))
            .WithSummary("Every promotion, with its views, sign-ups, applications, approvals and payouts");
        staff.MapGet("/products", async (IPromotionsAdminService p, CancellationToken ct) => TypedResults.Ok(await p.ProductChoicesAsync(ct)))
            .WithSummary("The products a promotion can cover, with their fee codes");
        staff.MapGet("/{id:int}", async (int id, IPromotionsAdminService p, CancellationToken ct) => TypedResults.Ok(await p.GetForEditAsync(id, ct)))
            .WithSummary("A promotion for editing, with its figures");
        staff.MapPost("/", async (PromotionEdit edit, IPromotionsAdminService p, CancellationToken ct) => TypedResults.Ok(await p.SaveAsync(edit, ct)))
            .WithSummary("Create a promotion, or change a draft (the description is sanitized)");
        staff.MapPost("/{id:int}/image", async (int id, IFormFile file, IPromotionsAdminService p, CancellationToken ct) =>
            {
                await using var content = file.OpenReadStream();
                return TypedResults.Ok(await p.UploadImageAsync(id, content, file.FileName, ct));
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(PromotionsAdminService.MaxImageBytes + 64 * 1024))
            .WithSummary("The promotion's image (JPEG or PNG, at most 2 MB)");
        staff.MapPost("/{id:int}/publish", async (int id, PromotionStamp stamp, IPromotionsAdminService p, CancellationToken ct) =>
            TypedResults.Ok(await p.PublishAsync(id, stamp.ConcurrencyStamp, ct)))
            .WithSummary("Publish: shown to customers from the start of its sign-up window");
        staff.MapPost("/{id:int}/end", async (int id, PromotionStamp stamp, IPromotionsAdminService p, CancellationToken ct) =>
            TypedResults.Ok(await p.EndAsync(id, stamp.ConcurrencyStamp, ct)))
            .WithSummary("End the promotion now");
        staff.MapPost("/{id:int}/translation", async (int id, PromotionTranslation translation, IPromotionsAdminService p, CancellationToken ct) =>
            TypedResults.Ok(await p.TranslateAsync(id, translation, ct)))
            .WithSummary("Add the Chinese text a published promotion does not have yet (what is written stays)");
        staff.MapPost("/{id:int}/email", async (int id, IPromotionsAdminService p, CancellationToken ct) =>
            TypedResults.Ok(new { Queued = await p.EmailOptedInAsync(id, ct) }))
            .WithSummary("Email the promotion to every customer who opted in (each once)");
        return app;
    }
}
