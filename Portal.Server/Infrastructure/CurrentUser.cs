using System.Security.Claims;
using Portal.Shared.Security;

namespace Portal.Server.Infrastructure;

/// <summary>Who is calling, for services that authorize inside themselves (not only at the endpoint).</summary>
public interface ICurrentUser
{
    string? Id { get; }
    string? Name { get; }
    bool Has(string permission);

    void Require(string permission)
    {
        if (!Has(permission)) throw new ForbiddenException(Portal.Shared.Resources.SharedText.NotPermitted);
    }
}

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;
    public string? Id => Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
    public string? Name => Principal?.Identity?.Name;
    public bool Has(string permission) => Principal is { } p && Permissions.Allows(p, permission);
}
