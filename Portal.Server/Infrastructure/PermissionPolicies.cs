using Microsoft.AspNetCore.Authorization;
using Portal.Shared.Security;

namespace Portal.Server.Infrastructure;

public static class PermissionPolicies
{
    /// <summary>One policy per permission, named after it (the browser registers the same ones).</summary>
    public static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder auth)
    {
        foreach (var permission in Permissions.GrantedTo.Keys)
            auth.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireAssertion(c => Permissions.Allows(c.User, permission)));
        return auth;
    }
}
