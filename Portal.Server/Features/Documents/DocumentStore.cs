using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;

namespace Portal.Server.Features.Documents;

/// <summary>
/// Keeps uploaded files under random names, encrypted (they are ID cards and payslips: a copied folder or table
/// reveals nothing without the key ring); only the documents services hand them out. Where the encrypted bytes
/// live is an <see cref="IFileStore"/>.
/// </summary>
public sealed class DocumentStore(IFileStore files, IDataProtectionProvider protection)
{
    private IDataProtector Protector => protection.CreateProtector("Portal.Documents");

    public async Task<string> SaveAsync(ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await files.WriteAsync(name, Protector.Protect(content.ToArray()), ct);
        return name;
    }

    public async Task<Stream> OpenAsync(string name, CancellationToken ct)
    {
        // Names are ours (32 hex digits); anything else is refused rather than joined to a path.
        if (!IsStoredName(name)) throw new ArgumentException("Not a stored document name.", nameof(name));
        return new MemoryStream(Protector.Unprotect(await files.ReadAsync(name, ct)), writable: false);
    }

    /// <summary>Removes a file whose row was never written; never fails the caller's request (a leftover file is only space).</summary>
    public async Task DeleteAsync(string name)
    {
        if (IsStoredName(name)) await files.DeleteAsync(name, CancellationToken.None);
    }

    private static bool IsStoredName(string name) => name.Length == 32 && name.All(Uri.IsHexDigit);
}

/// <summary>Where stored files' bytes live. Names are the store's own random hex names, never a customer's.</summary>
public interface IFileStore
{
    /// <summary>Writes the whole file or nothing under that name.</summary>
    Task WriteAsync(string name, byte[] content, CancellationToken ct);
    Task<byte[]> ReadAsync(string name, CancellationToken ct);
    Task DeleteAsync(string name, CancellationToken ct);
}

/// <summary>A folder: local for one machine, or a mount every instance shares (NFS, SMB, a cloud file share).</summary>
public sealed class FolderFileStore(IOptions<DocumentOptions> options, IWebHostEnvironment environment) : IFileStore
{
    private string Root
    {
        get
        {
            var root = Path.GetFullPath(options.Value.Path, environment.ContentRootPath);
            Directory.CreateDirectory(root);
            return root;
        }
    }

    public async Task WriteAsync(string name, byte[] content, CancellationToken ct)
    {
        // Temp file then rename: a crash leaves no half file under a real name.
        var path = Path.Combine(Root, name);
        await File.WriteAllBytesAsync(path + ".part", content, ct);
        File.Move(path + ".part", path);
    }

    public Task<byte[]> ReadAsync(string name, CancellationToken ct) => File.ReadAllBytesAsync(Path.Combine(Root, name), ct);

    public Task DeleteAsync(string name, CancellationToken ct)
    {
        File.Delete(Path.Combine(Root, name));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Files in the database: every instance sees them with nothing else to share or back up. Written in its own
/// short transaction before the row that names it, as a file on disk would be.
/// </summary>
public sealed class DatabaseFileStore(IServiceScopeFactory scopes, TimeProvider clock) : IFileStore
{
    public async Task WriteAsync(string name, byte[] content, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.Add(new StoredFile { Name = name, Content = content, StoredAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    public async Task<byte[]> ReadAsync(string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Set<StoredFile>().Where(f => f.Name == name).Select(f => f.Content).FirstOrDefaultAsync(ct)
            ?? throw new FileNotFoundException("No stored file of that name.", name);
    }

    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Set<StoredFile>().Where(f => f.Name == name).ExecuteDeleteAsync(ct);
    }
}
