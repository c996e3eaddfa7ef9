using System.IO.Compression;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Client;
using Portal.Server.Data;

namespace Portal.Server.Components.Account;

/// <summary>
/// NIST 800-63B's checks besides length (Identity does that): a password must not be one that attackers try
/// first, nor be made of the person's email address or the lender's name.
/// <para>The list is every password of 12 characters or more among the million most common in the
/// "10 million passwords" list (OWASP SecLists, CC BY-SA 3.0): shorter ones are refused by length already, so it
/// covers the whole million. It ships with the portal and is read once; checking makes no network call.</para>
/// </summary>
public sealed class PasswordRules(IStringLocalizer<Strings> l) : IPasswordValidator<PortalUser>
{
    /// <summary>Fewer characters than this left once the email address and the lender's name are taken out: refused.</summary>
    private const int OwnCharactersNeeded = 6;

    private static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("Portal.Server.common-passwords.txt.gz")
            ?? throw new InvalidOperationException("The common-passwords list is missing from the build.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line) set.Add(line);
        return set;
    });

    public static bool IsCommon(string password) => Common.Value.Contains(password.ToLowerInvariant());

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success);
        if (IsCommon(password))
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordTooCommon", Description = "This password is too common." }));
        if (MadeOf(password, Names(user)))
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordMadeOfName", Description = "This password is made of your email address or our name." }));
        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>The email (whole, before the @, and its words) and the lender's name in both languages (whole and by word).</summary>
    private IEnumerable<string> Names(PortalUser user)
    {
        var email = (user.Email ?? user.UserName ?? "").ToLowerInvariant();
        var local = email.Split('@')[0];
        IEnumerable<string> brand = Setup.Cultures.Select(c => InCultureName(c.Name)).SelectMany(n => new[] { n }.Concat(Words(n)));
        return new[] { email, local }.Concat(Words(local)).Concat(brand).Select(Compact).Where(n => n.Length >= 3);
    }

    private string InCultureName(string culture) => Portal.Server.Infrastructure.InCulture.Run(culture, () => l["BrandName"].Value).ToLowerInvariant();

    private static IEnumerable<string> Words(string text) => text.Split([' ', '.', '-', '_', '+'], StringSplitOptions.RemoveEmptyEntries);

    private static string Compact(string text) => new(text.Where(char.IsLetterOrDigit).ToArray());

    /// <summary>Whether taking the names out (longest first) and ignoring separators leaves too little of the person's own.</summary>
    internal static bool MadeOf(string password, IEnumerable<string> names)
    {
        var rest = Compact(password.ToLowerInvariant());
        foreach (var name in names.Distinct().OrderByDescending(n => n.Length))
            rest = rest.Replace(name, "", StringComparison.Ordinal);
        return rest.Length < OwnCharactersNeeded;
    }
}
