using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Portal.Server.Data;

namespace Portal.Server.Infrastructure;

/// <summary>
/// The Data Protection key ring encrypts sign-in cookies, antiforgery tokens, national IDs and documents. It is kept
/// in the database, so every instance shares it (a cookie from one is read by another) and it survives redeployment.
/// At rest each key is encrypted with an X.509 certificate whose private key never enters the database: a copy of
/// the database alone opens nothing.
/// </summary>
public static class KeyRing
{
    public static IHostApplicationBuilder AddPortalKeyRing(this IHostApplicationBuilder builder)
    {
        var keys = builder.Services.AddDataProtection().SetApplicationName("Portal").PersistKeysToDbContext<PortalDbContext>();
        var section = builder.Configuration.GetSection("DataProtection");
        if (string.IsNullOrWhiteSpace(section["CertificatePath"]))
        {
            // A developer's laptop and the tests keep the keys as they are; anywhere else that would leave them readable.
            if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing")) return builder;
            throw new InvalidOperationException(
                "DataProtection:CertificatePath must name a PKCS#12 (.pfx) certificate with its private key (and DataProtection:CertificatePassword " +
                "its password) outside Development: the keys that encrypt sign-ins, national IDs and documents are kept in the database, and without " +
                "a certificate they would be kept there readable. Create one with `openssl req -x509 -newkey rsa:3072 -nodes -days 3650 " +
                "-subj /CN=portal-keys -keyout k.pem -out c.pem && openssl pkcs12 -export -inkey k.pem -in c.pem -out portal-keys.pfx`, give every " +
                "instance the same file, and set both from the environment (README, Running in production).");
        }

        var current = Load(section["CertificatePath"]!, section["CertificatePassword"]);
        // After a new certificate is put in place, keys written under the old one stay readable while it is listed here.
        var previous = (section.GetSection("PreviousCertificatePaths").Get<string[]>() ?? [])
            .Select(path => Load(path, section["PreviousCertificatePassword"] ?? section["CertificatePassword"]));
        keys.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
        return builder;
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The Data Protection certificate '{path}' could not be read: {e.Message} " +
                "(check the path, the file's permissions and DataProtection:CertificatePassword).", e);
        }
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
            throw new InvalidOperationException($"The Data Protection certificate '{path}' has no RSA private key; the key ring could not be read back.");
        return certificate;
    }

    /// <summary>
    /// The explicit setup step creates the first key, so instances started together find one ring rather than each
    /// making its own.
    /// </summary>
    public static void EnsureKey(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Portal.KeyRing").Protect([1]);
}
