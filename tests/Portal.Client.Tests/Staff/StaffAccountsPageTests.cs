using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Client.Features.Staff;
using Portal.Shared.Features.Staff;
using Portal.Shared.Security;

namespace Portal.Client.Tests.Staff;

/// <summary>A stand-in for the staff-accounts API: a list, remembering the calls.</summary>
internal sealed class FakeStaffAccounts : IStaffAccountsService
{
    public List<StaffAccount> Accounts = [];
    public readonly List<string> Calls = [];

    private Task<StaffAccount> Call(string what, string userId, Func<StaffAccount, StaffAccount> change)
    {
        Calls.Add($"{what} {userId}");
        var i = Accounts.FindIndex(a => a.Id == userId);
        Accounts[i] = change(Accounts[i]);
        return Task.FromResult(Accounts[i]);
    }

    public Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<StaffAccount>>([.. Accounts]);
    public Task<StaffAccount> InviteAsync(InviteStaff r, CancellationToken ct = default)
    {
        Calls.Add($"invite {r.Email} {string.Join(",", r.Roles)}");
        var added = new StaffAccount("new", r.Name, r.Email, r.Roles, r.Team, StaffAccountStatus.Invited, null, null);
        Accounts.Add(added);
        return Task.FromResult(added);
    }
    public Task<StaffAccount> ResendInvitationAsync(string userId, CancellationToken ct = default) => Call("resend", userId, a => a);
    public Task<StaffAccount> SetRolesAsync(string userId, SetStaffRoles r, CancellationToken ct = default) => Call("roles", userId, a => a with { Roles = r.Roles });
    public Task<StaffAccount> DisableAsync(string userId, CancellationToken ct = default) => Call("disable", userId, a => a with { Status = StaffAccountStatus.Disabled });
    public Task<StaffAccount> EnableAsync(string userId, CancellationToken ct = default) => Call("enable", userId, a => a with { Status = StaffAccountStatus.Active });
    public Task<StaffAccount> RequestAuthenticatorResetAsync(string userId, RequestAuthenticatorReset r, CancellationToken ct = default) =>
        Call("reset", userId, a => a with { PendingReset = new("me", "Me", DateTimeOffset.UnixEpoch, r.Reason) });
    public Task<StaffAccount> ApproveAuthenticatorResetAsync(string userId, CancellationToken ct = default) => Call("approve", userId, a => a with { PendingReset = null });
}

public sealed class StaffAccountsPageTests : ClientTestContext
{
    private readonly FakeStaffAccounts staff = new();

    public StaffAccountsPageTests()
    {
        Services.AddSingleton<IStaffAccountsService>(staff);
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@test.portal");
        auth.SetRoles(Roles.Administrator);
        auth.SetClaims(new Claim(Permissions.MfaClaimType, Permissions.MfaClaimValue), new Claim(ClaimTypes.NameIdentifier, "me"));
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));
    }

    private IRenderedComponent<IComponent> RenderPage() => Render(b =>
    {
        b.OpenComponent<MudPopoverProvider>(0);
        b.CloseComponent();
        b.OpenComponent<MudDialogProvider>(1);
        b.CloseComponent();
        b.OpenComponent<StaffAccounts>(2);
        b.CloseComponent();
    });

    private static StaffAccount Account(string id, string name, StaffAccountStatus status, PendingAuthenticatorReset? reset = null, params string[] roles) =>
        new(id, name, $"{id}@test.portal", roles.Length == 0 ? [Roles.RiskOfficer] : roles, null, status, status == StaffAccountStatus.Invited ? null : DateTimeOffset.UnixEpoch, reset);

    private static IEnumerable<AngleSharp.Dom.IElement> Row(IRenderedComponent<IComponent> cut, string id) =>
        cut.FindAll($"[data-testid=account-row][data-email='{id}@test.portal']");

    [Fact]
    public void With_no_staff_the_page_says_so_and_offers_the_invitation()
    {
        var cut = RenderPage();
        Assert.Contains("no staff accounts yet", cut.Find("[data-testid=accounts-empty]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=invite-open]"));
    }

    [Fact]
    public void An_administrator_is_told_why_they_cannot_disable_themselves_and_only_others_approve_their_reset_requests()
    {
        staff.Accounts =
        [
            Account("me", "Me Myself", StaffAccountStatus.Active, null, Roles.Administrator),
            Account("asked-by-me", "Asked By Me", StaffAccountStatus.Active, new("me", "Me Myself", DateTimeOffset.UnixEpoch, "Lost phone")),
            Account("asked-by-other", "Asked By Other", StaffAccountStatus.Active, new("other", "Other Admin", DateTimeOffset.UnixEpoch, "Lost phone")),
            Account("invited", "New Person", StaffAccountStatus.Invited),
        ];
        var cut = RenderPage();

        var me = Row(cut, "me").Single();
        Assert.Contains("cannot disable your own account", me.TextContent);
        Assert.Empty(me.QuerySelectorAll("[data-testid=disable]"));
        Assert.Empty(me.QuerySelectorAll("[data-testid=request-reset]"));

        var mine = Row(cut, "asked-by-me").Single();
        Assert.Empty(mine.QuerySelectorAll("[data-testid=approve-reset]"));
        Assert.Contains("another administrator approves it", mine.TextContent);
        Assert.Contains("Authenticator reset pending", mine.TextContent);

        Assert.Single(Row(cut, "asked-by-other").Single().QuerySelectorAll("[data-testid=approve-reset]"));
        var invited = Row(cut, "invited").Single();
        Assert.Contains("Invited", invited.TextContent);
        Assert.Contains("Never", invited.TextContent);
        Assert.Single(invited.QuerySelectorAll("[data-testid=resend-invitation]"));
    }
}
