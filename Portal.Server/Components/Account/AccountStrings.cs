using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Portal.Server.Components.Account;

/// <summary>
/// The texts of the account (Identity) pages: <c>IStringLocalizer&lt;AccountStrings&gt;</c> reads
/// <c>Resources/Components/Account/AccountStrings*.resx</c>. The static properties serve the
/// DataAnnotations on the pages' input models (<c>ErrorMessageResourceType = typeof(AccountStrings)</c>),
/// which cannot take a localizer; they read the same resources in the current UI culture.
/// </summary>
public sealed class AccountStrings
{
    private static readonly ResourceManager Resources =
        new("Portal.Server.Resources.Components.Account.AccountStrings", typeof(AccountStrings).Assembly);

    private AccountStrings() { }

    private static string Get(string name) => Resources.GetString(name, CultureInfo.CurrentUICulture) ?? name;

    public static string ValEmailRequired => Get(nameof(ValEmailRequired));
    public static string ValEmailInvalid => Get(nameof(ValEmailInvalid));
    public static string ValPasswordRequired => Get(nameof(ValPasswordRequired));
    public static string ValCurrentPasswordRequired => Get(nameof(ValCurrentPasswordRequired));
    public static string ValNewPasswordRequired => Get(nameof(ValNewPasswordRequired));
    /// <summary>StringLength: {2} is the minimum, {1} the maximum length.</summary>
    public static string ValPasswordLength => Get(nameof(ValPasswordLength));
    public static string ValPasswordsDoNotMatch => Get(nameof(ValPasswordsDoNotMatch));
    public static string ValCodeRequired => Get(nameof(ValCodeRequired));
    public static string ValCodeLength => Get(nameof(ValCodeLength));
    public static string ValRecoveryCodeRequired => Get(nameof(ValRecoveryCodeRequired));
    public static string ValPhoneInvalid => Get(nameof(ValPhoneInvalid));
    public static string ValResetCodeMissing => Get(nameof(ValResetCodeMissing));
}

/// <summary>
/// Status messages travel in a short-lived cookie (see <see cref="IdentityRedirectManager"/>) as text;
/// a culture-neutral prefix says how to show them, so a translated text never decides its own styling.
/// </summary>
internal static class AccountStatus
{
    public const string ErrorPrefix = "Error:";
    public const string InfoPrefix = "Info:";

    public enum Kind { Success, Info, Error }

    public static string Error(string text) => ErrorPrefix + text;
    public static string Info(string text) => InfoPrefix + text;

    public static (Kind Kind, string Text) Parse(string message) =>
        message.StartsWith(ErrorPrefix, StringComparison.Ordinal) ? (Kind.Error, message[ErrorPrefix.Length..].Trim())
        : message.StartsWith(InfoPrefix, StringComparison.Ordinal) ? (Kind.Info, message[InfoPrefix.Length..].Trim())
        : (Kind.Success, message);

    /// <summary>Identity's own error texts are English only: translate the ones a person can meet here, by code.</summary>
    public static string Describe(this IStringLocalizer<AccountStrings> l, IEnumerable<IdentityError> errors, IdentityOptions options) =>
        string.Join(" ", errors.Select(e =>
        {
            var text = l["Identity" + e.Code, options.Password.RequiredLength];
            return text.ResourceNotFound ? e.Description : text.Value;
        }).Distinct());
}
