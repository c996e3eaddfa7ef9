using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Documents;
using Portal.Shared.Resources;

namespace Portal.Server.Features.Documents;

/// <summary>Reading, checking and listing application documents: the parts the customer's and the staff's services share.</summary>
public static class DocumentFiles
{
    /// <summary>The application's documents, newest first, with reviewers' names.</summary>
    public static async Task<IReadOnlyList<DocumentView>> ListAsync(PortalDbContext db, Guid applicationId, CancellationToken ct) =>
        await db.Set<ApplicationDocument>().AsNoTracking().Where(d => d.ApplicationId == applicationId)
            .OrderByDescending(d => d.UploadedAt).ThenBy(d => d.Kind)
            .Select(d => new DocumentView(d.Id, d.Kind, d.FileName, d.ContentType, d.Size, d.Sha256, d.UploadedAt, d.Status, d.RejectionReason,
                db.Users.Where(u => u.Id == d.ReviewedById).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(ct);

    /// <summary>
    /// Reads at most one byte more than the limit (so an oversized upload is never held whole), then checks
    /// size and content. Returns the bytes and the type the content shows; refuses everything else with why.
    /// </summary>
    public static async Task<(byte[] Bytes, string ContentType)> ReadCheckedAsync(Stream content, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > DocumentRules.MaxBytes)
                throw new DomainValidationException("File", string.Format(SharedText.DocTooLarge, DocumentRules.MaxBytes / 1024 / 1024));
        }
        var bytes = buffer.ToArray();
        if (bytes.Length == 0) throw new DomainValidationException("File", SharedText.DocEmpty);
        var type = DocumentRules.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, 16)))
            ?? throw new DomainValidationException("File", SharedText.DocWrongType);
        return (bytes, type);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// A name safe to show and to send back: no path, no control or invisible formatting characters
    /// (a right-to-left override can disguise "gpj.exe"), not too long, and the extension of what the
    /// content is — never the one the customer's name claimed.
    /// </summary>
    public static string CleanFileName(string? name, string contentType)
    {
        var file = Path.GetFileName((name ?? "").Replace('\\', '/'));
        file = new string(file.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format
            && c is not ('"' or '/' or '\\')).ToArray()).Trim();
        var stem = Path.GetFileNameWithoutExtension(file).Trim();
        if (stem.Length == 0) stem = "document";
        if (stem.Length > 100) stem = stem[..100];
        return stem + contentType switch { "application/pdf" => ".pdf", "image/jpeg" => ".jpg", _ => ".png" };
    }

    /// <summary>A download that the browser saves and never runs or renders as part of our pages.</summary>
    public static IResult Download(Stream stream, ApplicationDocument d, HttpContext http)
    {
        http.Response.Headers["Content-Security-Policy"] = "sandbox; default-src 'none'";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        // Personal documents stay out of shared and browser caches.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(stream, d.ContentType, d.FileName);
    }

    /// <summary>The policy of an image shown inline: a sandboxed document with nothing to load but itself.</summary>
    public const string ImagePreviewPolicy = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

    /// <summary>
    /// The policy of a PDF shown inline. No <c>sandbox</c>: Chromium refuses to start its PDF viewer in any sandboxed
    /// document (no sandbox token re-enables it), so a sandboxed PDF is a blocked page. What keeps it harmless instead:
    /// the type is always application/pdf (checked by content at upload, never the uploader's claim) with nosniff, so the
    /// bytes are only ever handed to the browser's PDF viewer, which runs apart from our origin and its cookies; nothing
    /// may be loaded from the document; and only our own pages may frame it.
    /// </summary>
    public const string PdfPreviewPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

    /// <summary>
    /// A document shown in our own page (an image in an img element, a PDF in a frame): inline, its real type, never
    /// sniffed, never cached, framed by our own pages only and read by no other site.
    /// </summary>
    public static IResult Preview(Stream stream, ApplicationDocument d, HttpContext http)
    {
        var pdf = d.ContentType == "application/pdf";
        // Only what the upload check lets in is ever shown inline; anything else (an old row, a bug) is a download.
        if (!pdf && d.ContentType is not ("image/jpeg" or "image/png")) return Download(stream, d, http);
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = pdf ? PdfPreviewPolicy : ImagePreviewPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "SAMEORIGIN";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        // filename* as well as filename: a Chinese file name survives the trip (System.Net.Mime would write an email-style encoded word).
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(d.FileName);
        headers.ContentDisposition = disposition.ToString();
        return TypedResults.Stream(stream, d.ContentType);
    }
}
