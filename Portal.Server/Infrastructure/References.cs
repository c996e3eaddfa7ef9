using System.Security.Cryptography;

namespace Portal.Server.Infrastructure;

/// <summary>
/// The references people read out on the phone: a prefix that says what it names, then eight characters
/// with no 0/O or 1/I to confuse. Unique by chance (32⁸ values) and by each table's unique index.
/// </summary>
public static class References
{
    public static string Application() => New("HB-");
    public static string Loan() => New("LN-");
    public static string Payment() => New("PY-");
    public static string Complaint() => New("CP-");
    public static string Prospect() => New("PR-");

    public static string New(string prefix) => prefix + RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 8);
}
