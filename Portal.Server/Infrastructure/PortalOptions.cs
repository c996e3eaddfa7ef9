namespace Portal.Server.Infrastructure;

/// <summary>Settings of this deployment (section "Portal").</summary>
public sealed class PortalOptions
{
    /// <summary>
    /// The address customers reach the portal at (https://loans.example.com). Links in emails use it,
    /// never the request's Host header. Required outside Development.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The lender's time zone (an IANA id): it decides the date of payouts, offers and contracts.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// Strict-Transport-Security outside Development: browsers that saw the portal once refuse plain http to it
    /// (and, with subdomains, to every name under it) for this long. A year is what browsers' preload lists ask for.
    /// </summary>
    public int HstsMaxAgeDays { get; set; } = 365;
    public bool HstsIncludeSubDomains { get; set; } = true;

    /// <summary>Whether /openapi/v1.json (the API's description) is served outside Development: off, as it maps every endpoint for an attacker.</summary>
    public bool PublishOpenApi { get; set; }
}

/// <summary>
/// The lender's calendar: which day it is where the lender works. A loan paid out at 07:00 in Shanghai
/// is paid out on that day, though it is still the day before in UTC, and its due dates follow from it.
/// </summary>
public sealed class LocalCalendar
{
    private readonly TimeProvider clock;

    public LocalCalendar(TimeProvider clock, Microsoft.Extensions.Options.IOptions<PortalOptions> options)
    {
        this.clock = clock;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
    }

    public TimeZoneInfo Zone { get; }

    public DateOnly Today => DateOn(clock.GetUtcNow());

    public DateOnly DateOn(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The instant the lender's day begins.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
