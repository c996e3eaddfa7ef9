using System.Diagnostics;
using Portal.Server.Infrastructure;

/// <summary>What the seeded list benchmarks share: a caller who may do anything, and the timing of one page.</summary>
public static class PageTiming
{
    /// <summary>A supervisor by permissions (all of them), with a staff member's id for "mine" views.</summary>
    public sealed class Anyone(string id) : ICurrentUser
    {
        public string? Id => id;
        public string? Name => "bench";
        public bool Has(string permission) => true;
    }

    /// <summary>Median and 95th percentile of <paramref name="runs"/> calls, after a second of warm-up; a page of no rows is refused.</summary>
    public static async Task<(double Median, double P95)> TimeAsync<T>(Func<Task<T>> query, Func<T, int> rows, int runs)
    {
        // Warm-up for a second: plans compiled, pages cached, and the JIT's tiers done (three runs left the first size slower).
        for (var warm = Stopwatch.StartNew(); warm.Elapsed < TimeSpan.FromSeconds(1);) await query();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var page = await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (rows(page) == 0) throw new InvalidOperationException("An empty page measures nothing.");
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }
}
