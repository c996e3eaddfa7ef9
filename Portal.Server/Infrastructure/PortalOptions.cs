namespace Portal.Server.Infrastructure;

/// <summary>Settings of this deployment (section "Portal").</summary>
public sealed class PortalOptions
{
    /// <summary>
    /// The address customers reach the portal at (https://loans.example.com). Links in emails use it,
    /// never the request's Host header. Required outside Development.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";
}
