using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;

namespace Portal.Server.Features.Documents;

public sealed class DocumentOptions
{
    /// <summary>
    /// <c>Folder</c> (default): files in <see cref="Path"/> — on one machine, or on storage every instance mounts.
    /// <c>Database</c>: in the portal's own database, so several instances need nothing shared but the database.
    /// </summary>
    public string Store { get; set; } = "Folder";

    /// <summary>The folder for <c>Folder</c>: outside the web root, never served as static files. Relative paths are under the content root.</summary>
    public string Path { get; set; } = "App_Data/documents";

    /// <summary><c>None</c> (default): uploads are not scanned. <c>ClamAV</c>: each is sent to clamd (<see cref="ClamAV"/>) before it is kept.</summary>
    public string Scanner { get; set; } = "None";

    public ClamAvOptions ClamAV { get; set; } = new();
}

/// <summary><c>Documents:ClamAV:*</c>.</summary>
public sealed class ClamAvOptions
{
    /// <summary>clamd's local socket (Debian's <c>clamav-daemon</c> listens here). Used unless <see cref="Host"/> is set.</summary>
    public string Socket { get; set; } = "/var/run/clamav/clamd.ctl";

    /// <summary>clamd's TCP address (its <c>TCPSocket</c>/<c>TCPAddr</c>), for a clamd on another machine.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 3310;

    /// <summary>Connecting, sending and waiting for the verdict, together; past it the upload is refused as unchecked.</summary>
    public double TimeoutSeconds { get; set; } = 30;
}

/// <summary>Documents: where uploaded files are kept, and the scanner that checks them first.</summary>
public static class DocumentsSetup
{
    public static IHostApplicationBuilder AddDocuments(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DocumentOptions>().Bind(builder.Configuration.GetSection("Documents"))
            .Validate(o => o.ClamAV.TimeoutSeconds > 0 && o.ClamAV.Port is > 0 and < 65536,
                "Documents:ClamAV:TimeoutSeconds must be more than 0 and Documents:ClamAV:Port a TCP port.")
            .ValidateOnStart();
        var store = builder.Configuration["Documents:Store"] ?? "Folder";
        if (store.Equals("Database", StringComparison.OrdinalIgnoreCase)) services.AddSingleton<IFileStore, DatabaseFileStore>();
        else if (store.Equals("Folder", StringComparison.OrdinalIgnoreCase)) services.AddSingleton<IFileStore, FolderFileStore>();
        else throw new InvalidOperationException($"Documents:Store '{store}' is not supported; use Folder or Database.");
        services.AddSingleton<DocumentStore>();
        var scanner = builder.Configuration["Documents:Scanner"] ?? "None";
        if (scanner.Equals("ClamAV", StringComparison.OrdinalIgnoreCase)) services.AddSingleton<IDocumentScanner, ClamAvScanner>();
        else if (scanner.Equals("None", StringComparison.OrdinalIgnoreCase)) services.AddSingleton<IDocumentScanner, PassThroughScanner>();
        else throw new InvalidOperationException($"Documents:Scanner '{scanner}' is not supported; use None or ClamAV.");
        return builder;
    }
}
