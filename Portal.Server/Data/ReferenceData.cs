using Microsoft.AspNetCore.Identity;
using Portal.Shared.Security;

namespace Portal.Server.Data;

/// <summary>
/// What every deployment needs before its first person registers, demo or not: the roles (permissions are code,
/// <see cref="Permissions"/>). Made by the migration step — at start, or <c>dotnet Portal.Server.dll migrate</c> — never
/// by the demo data, which Production refuses: without it every registration failed ("Role CUSTOMER does not exist").
/// </summary>
public static class ReferenceData
{
    public static async Task EnsureAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (await roles.RoleExistsAsync(role)) continue;
            var created = await roles.CreateAsync(new IdentityRole(role));
            if (!created.Succeeded)
                throw new InvalidOperationException($"The role {role} could not be created: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }
    }
}
