using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;

namespace Portal.EndToEnd.Tests;

/// <summary>Each test gets its own browser context (cookies, language, viewport) on the shared server and browser.</summary>
[Collection(PortalCollection.Name)]
public abstract class BrowserTest(PortalFixture portal) : IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];

    protected PortalFixture Portal { get; } = portal;
    protected IPage Page { get; private set; } = default!;

    /// <summary>Options of the test's main context (e.g. a phone viewport).</summary>
    protected virtual BrowserNewContextOptions ContextOptions => new();

    public virtual async Task InitializeAsync()
    {
        Portal.EnsureServerRunning();
        Page = await NewPageAsync(ContextOptions);
    }

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
    }

    protected async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Portal.NewContextAsync(options);
        context.SetDefaultTimeout((float)PageChecks.Timeout.TotalMilliseconds);
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    protected async Task<IResponse> GoToAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response!.Ok, $"GET {path} answered {response.Status}");
        await page.AssertNoPlaceholdersAsync(path);
        return response;
    }

    /// <summary>Signs in with email and password on the static Identity form (selected by input ids, not wording).</summary>
    protected static async Task SubmitPasswordAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Login");
        await page.Locator("[id='Input.Email']").FillAsync(email);
        await page.Locator("[id='Input.Password']").FillAsync(password);
        await page.SubmitAndWaitAsync(() => page.Locator("form:has([id='Input.Password']) button[type=submit]").ClickAsync());
    }

    /// <summary>Signs a demo staff member in: password, then the authenticator code.</summary>
    protected async Task SignInStaffAsync(IPage page, string email)
    {
        await SubmitPasswordAsync(page, email, PortalFixture.DemoPassword);
        await page.Locator("[id='Input.TwoFactorCode']").FillAsync(await Portal.NextStaffCodeAsync(email));
        await page.SubmitAndWaitAsync(() => page.Locator("form:has([id='Input.TwoFactorCode']) button[type=submit]").ClickAsync());
        // Attached, not visible: on a phone it is in the closed menu.
        await Assertions.Expect(SignOutButton(page)).ToBeAttachedAsync();
    }

    protected static async Task FillRegistrationAsync(IPage page, string email, string password)
    {
        await page.Locator("[id='Input.Email']").FillAsync(email);
        await page.Locator("[id='Input.Password']").FillAsync(password);
        await page.Locator("[id='Input.ConfirmPassword']").FillAsync(password);
        await page.SubmitAndWaitAsync(() => page.Locator("form:has([id='Input.ConfirmPassword']) button[type=submit]").ClickAsync());
    }

    /// <summary>The confirmation link as the person reads it in the email the portal wrote to its mail folder.</summary>
    protected async Task<string> ConfirmationLinkAsync(string email)
    {
        List<MimeMessage> mails = [];
        await PageChecks.EventuallyAsync(() => Task.FromResult((mails = MailTo(email).ToList()).Count > 0),
            $"a confirmation email to {email} in {Portal.MailFolder}");
        var text = mails[0].TextBody ?? "";
        var link = Regex.Match(text, @"https?://\S+").Value;
        Assert.False(string.IsNullOrEmpty(link), $"The email has no link:\n{text}");
        Assert.Contains("ConfirmEmail", link, StringComparison.OrdinalIgnoreCase);
        // Exactly as written: a plain-text email must not carry HTML entities ("&amp;") in its link.
        Assert.DoesNotContain("&amp;", link);
        var html = mails[0].HtmlBody ?? "";
        var href = WebUtility.HtmlDecode(Regex.Match(html, "href=\"([^\"]+)\"").Groups[1].Value);
        Assert.Equal(link, href);
        return link;
    }

    protected IEnumerable<MimeMessage> MailTo(string email) =>
        Directory.Exists(Portal.MailFolder)
            ? Directory.GetFiles(Portal.MailFolder, "*.eml").Select(f => MimeMessage.Load(f))
                .Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(email, StringComparison.OrdinalIgnoreCase)))
            : [];

    protected static ILocator SignOutButton(IPage page) => page.Locator("form[action$='Account/Logout'] button[type=submit]");
}
