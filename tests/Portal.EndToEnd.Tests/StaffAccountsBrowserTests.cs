using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;

namespace Portal.EndToEnd.Tests;

/// <summary>An administrator invites a risk officer, who sets up from the emailed link and lands signed in in the staff area.</summary>
public sealed class StaffAccountsBrowserTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task An_administrator_invites_a_risk_officer_who_sets_a_password_and_an_authenticator_and_lands_in_the_staff_area()
    {
        var admin = Page;
        await SignInStaffAsync(admin, "admin@demo.portal");
        await GoToAsync(admin, "staff");
        await admin.WaitForBlazorAsync();
        await admin.Locator("main a[href='staff/accounts']").ClickAsync();
        await Assertions.Expect(admin.TestId("staff-accounts")).ToBeVisibleAsync();
        await admin.WaitForBlazorAsync();
        await admin.AssertAccessibleAsync("/staff/accounts");

        var email = $"risk-{Guid.NewGuid():N}@lender.test";
        await admin.TestId("invite-open").ClickAsync();
        await admin.FieldInput("invite-email").FillAsync(email);
        await admin.FieldInput("invite-name").FillAsync("Wang Fang");
        await admin.Locator("input[data-testid='invite-role-RiskOfficer'], [data-testid='invite-role-RiskOfficer'] input").First.CheckAsync();
        await admin.TestId("invite-send").ClickAsync();
        await Assertions.Expect(admin.TestId("accounts-message")).ToContainTextAsync("Wang Fang");
        var row = admin.Locator($"[data-testid='account-row'][data-email='{email}']");
        await Assertions.Expect(row.Locator("[data-testid='account-status']")).ToContainTextAsync("Invited");

        // The invitation, as the person reads it.
        var link = "";
        await PageChecks.EventuallyAsync(() =>
        {
            var mail = MailTo(email).FirstOrDefault(m => m.Subject == "Your staff account at Harbour Bridge Credit");
            link = mail is null ? "" : Regex.Match(mail.TextBody ?? "", @"https?://\S+/Account/SetUp\?\S+").Value;
            return Task.FromResult(link.Length > 0);
        }, $"an invitation to {email} in {Portal.MailFolder}");

        var person = await NewPageAsync();
        await GoToAsync(person, link);
        await person.AssertAccessibleAsync("/Account/SetUp");
        const string password = "tea leaves drift on the river";
        await person.Locator("[id='Input.Password']").FillAsync(password);
        await person.Locator("[id='Input.ConfirmPassword']").FillAsync(password);
        await person.SubmitAndWaitAsync(() => person.Locator("form:has([id='Input.ConfirmPassword']) button[type=submit]").ClickAsync());

        // The authenticator: the key shown on the page, as an app would take it.
        await Assertions.Expect(person.Locator("kbd.shared-key")).ToBeVisibleAsync();
        var key = (await person.Locator("kbd.shared-key").InnerTextAsync()).Replace(" ", "").ToUpperInvariant();
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (totp.RemainingSeconds() < 4) await PageChecks.EventuallyAsync(() => Task.FromResult(totp.RemainingSeconds() >= 4), "a fresh code");
        await person.Locator("[id='Input.Code']").FillAsync(totp.ComputeTotp());
        await person.SubmitAndWaitAsync(() => person.Locator("form:has([id='Input.Code']) button[type=submit]").ClickAsync());
        // A plain link, which Blazor may follow without loading a new document: wait for the address instead.
        await person.TestId("continue-to-staff").ClickAsync();
        await person.WaitForURLAsync(new Regex("/staff$"));
        await person.WaitForBlazorAsync();
        await Assertions.Expect(person.Locator("main a[href='staff/applications']")).ToBeVisibleAsync(); // the risk officer's queue
        await Assertions.Expect(SignOutButton(person)).ToBeAttachedAsync();

        // The administrator sees the account active, with its sign-in.
        await GoToAsync(admin, "staff/accounts");
        await admin.WaitForBlazorAsync();
        await Assertions.Expect(row.Locator("[data-testid='account-status']")).ToContainTextAsync("Active");
        await Assertions.Expect(row).Not.ToContainTextAsync("Never");
        await admin.AssertAccessibleAsync("/staff/accounts");

        // And in Chinese.
        await GoToAsync(admin, $"culture?culture=zh-Hans&returnUrl={Uri.EscapeDataString("/staff/accounts")}");
        await admin.WaitForBlazorAsync();
        await Assertions.Expect(admin.Locator("main h1")).ToHaveTextAsync("员工账户");
        await Assertions.Expect(row.Locator("[data-testid='account-status']")).ToContainTextAsync("正常");
        await Assertions.Expect(row).ToContainTextAsync("风控专员");
        await admin.AssertAccessibleAsync("/staff/accounts in Chinese");
    }
}
