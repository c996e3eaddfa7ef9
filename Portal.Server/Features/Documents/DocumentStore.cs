using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Portal.Server.Features.Documents;

public sealed class DocumentOptions
{
    /// <summary>
    /// The folder the files are kept in: outside the web root, never served as static files. Relative
    /// paths are under the content root. Several instances need it on shared storage.
    /// </summary>
    public string Path { get; set; } = "App_Data/documents";
}

/// <summary>
/// Keeps uploaded files on disk under random names, encrypted (they are ID cards and payslips: a copied
/// folder reveals nothing without the key ring in the database); only the documents services hand them out.
/// </summary>
public sealed class DocumentStore(IOptions<DocumentOptions> options, IWebHostEnvironment environment, IDataProtectionProvider protection)
{
    private IDataProtector Protector => protection.CreateProtector("Portal.Documents");

    private string Root
    {
        get
        {
            var root = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);
            Directory.CreateDirectory(root);
            return root;
        }
    }

    /// <summary>Writes the bytes under a new random name (temp file then rename: a crash leaves no half file under a real name).</summary>
    public async Task<string> SaveAsync(ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = System.IO.Path.Combine(Root, name);
        var temp = path + ".part";
        await File.WriteAllBytesAsync(temp, Protector.Protect(content.ToArray()), ct);
        File.Move(temp, path);
        return name;
    }

    public Stream Open(string name)
    {
        // Names are ours (32 hex digits); anything else is refused rather than joined to a path.
        if (name.Length != 32 || !name.All(Uri.IsHexDigit)) throw new ArgumentException("Not a stored document name.", nameof(name));
        return new MemoryStream(Protector.Unprotect(File.ReadAllBytes(System.IO.Path.Combine(Root, name))), writable: false);
    }

    public void Delete(string name)
    {
        if (name.Length == 32 && name.All(Uri.IsHexDigit)) File.Delete(System.IO.Path.Combine(Root, name));
    }
}
