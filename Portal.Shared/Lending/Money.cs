namespace Portal.Shared.Lending;

/// <summary>
/// The single rounding rule of the engine: half away from zero to the cent (fen). Every rounded money
/// amount in the engine goes through <see cref="Round"/> so that quotes, schedules and payoffs agree.
/// </summary>
public static class Money
{
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whole minor units for storage; throws <see cref="OverflowException"/> rather than wrapping.</summary>
    public static long ToMinor(decimal amount) => decimal.ToInt64(Round(amount) * 100m);

    public static decimal FromMinor(long minor) => new decimal(minor) / 100m;
}
