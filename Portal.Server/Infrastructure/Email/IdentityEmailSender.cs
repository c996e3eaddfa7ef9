using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Client;
using Portal.Server.Data;

namespace Portal.Server.Infrastructure.Email;

/// <summary>
/// Identity's account emails, in the language the person uses, written to the email outbox and saved at once:
/// registration wraps the account and this row in one transaction; a reset or a resent confirmation changes
/// nothing else. The sender delivers it, with retries, even if the mail server is down right now.
/// </summary>
public sealed class IdentityEmailSender(PortalDbContext db, IStringLocalizer<Strings> l, PublicAddress links, TimeProvider clock) : IEmailSender<PortalUser>
{
    public Task SendConfirmationLinkAsync(PortalUser user, string email, string confirmationLink) =>
        Send(user, email, "ConfirmEmail", "EmailConfirmSubject", "EmailConfirmBody", Rebase(confirmationLink));

    public Task SendPasswordResetLinkAsync(PortalUser user, string email, string resetLink) =>
        Send(user, email, "ResetPassword", "EmailResetSubject", "EmailResetBody", Rebase(resetLink));

    /// <summary>
    /// Identity builds links from the request's Host header, which a caller controls: a forged host
    /// would mail a victim a reset link to the attacker's site. Links go out on the portal's own address.
    /// </summary>
    private string Rebase(string link) =>
        links.Link(new Uri(System.Net.WebUtility.HtmlDecode(link)).PathAndQuery);

    public Task SendPasswordResetCodeAsync(PortalUser user, string email, string resetCode) =>
        Send(user, email, "ResetPassword", "EmailResetSubject", "EmailResetCodeBody", resetCode);

    /// <summary>Registration with an address that has an account: the page answers as for a new one, and the owner hears of it here.</summary>
    public Task SendAccountExistsAsync(PortalUser user) =>
        Send(user, user.Email!, "AccountExists", "EmailAccountExistsSubject", "EmailAccountExistsBody", links.Link("/Account/Login"));

    /// <summary>After any change of password (changed, reset, set): the owner learns of one they did not make.</summary>
    public Task SendPasswordChangedAsync(PortalUser user) =>
        Send(user, user.Email!, "PasswordChanged", "EmailPasswordChangedSubject", "EmailPasswordChangedBody", links.Link("/Account/Login"));

    /// <summary>To the address the account had: once changed, the new one is all the portal writes to.</summary>
    public Task SendEmailChangedAsync(PortalUser user, string oldEmail, string newEmail) =>
        Send(user, oldEmail, "EmailChanged", "EmailAddressChangedSubject", "EmailAddressChangedBody", links.Link("/Account/Login"), newEmail);

    /// <summary>An administrator invited the person as staff (or the create-admin command made them one): a single-use set-up link.</summary>
    public Task SendStaffInvitationAsync(PortalUser user, string setUpLink) =>
        Send(user, user.Email!, "StaffInvitation", "EmailStaffInviteSubject", "EmailStaffInviteBody", setUpLink, user.DisplayName);

    /// <summary>Two administrators reset the person's authenticator: a single-use link to enrol a new one.</summary>
    public Task SendAuthenticatorResetAsync(PortalUser user, string setUpLink) =>
        Send(user, user.Email!, "AuthenticatorReset", "EmailAuthenticatorResetSubject", "EmailAuthenticatorResetBody", setUpLink, user.DisplayName);

    private async Task Send(PortalUser user, string email, string kind, string subjectKey, string bodyKey, string link, params object[] values)
    {
        link = System.Net.WebUtility.HtmlDecode(link); // Identity's pages pass links HTML-encoded ("&amp;"); the text part needs them plain.
        var message = InCulture.Run(user.PreferredCulture, () => new EmailMessage(email, l[subjectKey], $"{l[bodyKey, values]}\n\n{link}\n",
            $"<p>{HtmlEncoder.Default.Encode(l[bodyKey, values])}</p><p><a href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>"));
        db.Enqueue(message, kind, clock.GetUtcNow());
        await db.SaveChangesAsync();
    }
}
