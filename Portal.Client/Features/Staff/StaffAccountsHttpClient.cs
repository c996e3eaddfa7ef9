using System.Net.Http.Json;
using Portal.Shared.Features.Staff;

namespace Portal.Client.Features.Staff;

internal sealed class StaffAccountsHttpClient(HttpClient http) : IStaffAccountsService
{
    private const string Api = "api/staff/accounts";

    private static string Of(string userId) => $"{Api}/{Uri.EscapeDataString(userId)}";

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken ct = default) =>
        await (await http.GetAsync(Api, ct)).ReadAsync<List<StaffAccount>>(ct);

    public async Task<StaffAccount> InviteAsync(InviteStaff request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync(Api, request, ct)).ReadAsync<StaffAccount>(ct);

    public async Task<StaffAccount> ResendInvitationAsync(string userId, CancellationToken ct = default) =>
        await (await http.PostAsync($"{Of(userId)}/invitation", null, ct)).ReadAsync<StaffAccount>(ct);

    public async Task<StaffAccount> SetRolesAsync(string userId, SetStaffRoles request, CancellationToken ct = default) =>
        await (await http.PutAsJsonAsync($"{Of(userId)}/roles", request, ct)).ReadAsync<StaffAccount>(ct);

    public async Task<StaffAccount> DisableAsync(string userId, CancellationToken ct = default) =>
        await (await http.PostAsync($"{Of(userId)}/disable", null, ct)).ReadAsync<StaffAccount>(ct);

    public async Task<StaffAccount> EnableAsync(string userId, CancellationToken ct = default) =>
        await (await http.PostAsync($"{Of(userId)}/enable", null, ct)).ReadAsync<StaffAccount>(ct);

    public async Task<StaffAccount> RequestAuthenticatorResetAsync(string userId, RequestAuthenticatorReset request, CancellationToken ct = default) =>
        await (await http.PostAsJsonAsync($"{Of(userId)}/authenticator-reset", request, ct)).ReadAsync<StaffAccount>(ct);

    public async Task<StaffAccount> ApproveAuthenticatorResetAsync(string userId, CancellationToken ct = default) =>
        await (await http.PostAsync($"{Of(userId)}/authenticator-reset/approve", null, ct)).ReadAsync<StaffAccount>(ct);
}
