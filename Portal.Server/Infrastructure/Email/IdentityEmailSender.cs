using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Client;
using Portal.Server.Data;

namespace Portal.Server.Infrastructure.Email;

/// <summary>Identity's account emails, in the language the person uses.</summary>
public sealed class IdentityEmailSender(IMailer mailer, IStringLocalizer<Strings> l) : IEmailSender<PortalUser>
{
    public Task SendConfirmationLinkAsync(PortalUser user, string email, string confirmationLink) =>
        Send(user, email, "EmailConfirmSubject", "EmailConfirmBody", confirmationLink);

    public Task SendPasswordResetLinkAsync(PortalUser user, string email, string resetLink) =>
        Send(user, email, "EmailResetSubject", "EmailResetBody", resetLink);

    public Task SendPasswordResetCodeAsync(PortalUser user, string email, string resetCode) =>
        Send(user, email, "EmailResetSubject", "EmailResetCodeBody", resetCode);

    private Task Send(PortalUser user, string email, string subjectKey, string bodyKey, string link)
    {
        link = System.Net.WebUtility.HtmlDecode(link); // Identity's pages pass links HTML-encoded ("&amp;"); the text part needs them plain.
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(user.PreferredCulture);
            var subject = l[subjectKey];
            var text = $"{l[bodyKey]}\n\n{link}\n";
            var html = $"<p>{HtmlEncoder.Default.Encode(l[bodyKey])}</p><p><a href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>";
            return mailer.SendAsync(new EmailMessage(email, subject, text, html));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
