using Microsoft.AspNetCore.DataProtection;

namespace Portal.Server.Features.Applications;

/// <summary>
/// National IDs are kept encrypted. Customers' and staff's views decrypt them with this one protector, and show them masked.
/// </summary>
public sealed class NationalIds(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("Portal.Applications.NationalId");

    public string Protect(string nationalId) => protector.Protect(nationalId);

    /// <summary>The application's national ID in clear, or null when none was given.</summary>
    public string? Reveal(LoanApplication a) => a.NationalIdProtected is { } id ? protector.Unprotect(id) : null;

    /// <summary>All but the last four characters hidden: enough for the person to recognise it, not enough to use it.</summary>
    public static string Mask(string nationalId) => new string('*', nationalId.Length - 4) + nationalId[^4..];
}
