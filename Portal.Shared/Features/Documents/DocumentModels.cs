namespace Portal.Shared.Features.Documents;

/// <summary>Where a document stands in the initial review. A replaced one is kept (the audit trail needs it) but no longer counts.</summary>
public enum DocumentStatus { Pending, Accepted, Rejected, Replaced }

/// <summary>
/// One uploaded file. <see cref="Kind"/> is one of the product version's required documents; the type is
/// what the content is (never what the name claims).
/// </summary>
public sealed record DocumentView(
    Guid Id, string Kind, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt,
    DocumentStatus Status, string? RejectionReason, string? ReviewedBy);

/// <summary>The rules of an upload, shared by the browser (early feedback) and the server (the check that counts).</summary>
public static class DocumentRules
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Files one application may hold in all, replaced ones included.</summary>
    public const int MaxFilesPerApplication = 30;

    /// <summary>How a missing document is keyed among the fields missing for submission ("Document:Latest payslip").</summary>
    public const string FieldPrefix = "Document:";

    /// <summary>What the file's first bytes say it is: PDF, JPEG or PNG, or null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith("%PDF-"u8) ? "application/pdf"
        : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;

    /// <summary>The required documents with no usable file yet (none uploaded, or the current one rejected).</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> required, IEnumerable<DocumentView> documents)
    {
        var current = documents.Where(d => d.Status != DocumentStatus.Replaced).ToList();
        return required.Where(kind => !current.Any(d => d.Kind == kind && d.Status != DocumentStatus.Rejected)).ToList();
    }

    /// <summary>Every required document has an accepted file: the review may go on to risk.</summary>
    public static bool AllAccepted(IEnumerable<string> required, IEnumerable<DocumentView> documents) =>
        required.All(kind => documents.Any(d => d.Kind == kind && d.Status == DocumentStatus.Accepted));
}
