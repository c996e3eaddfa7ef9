using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server;
using Portal.Server.Data;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Loans;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

/// <summary>
/// The daily run over a loan book of a million loans (issue 4): seeds them (12 monthly instalments each, paid out
/// over the last year, every instalment due so far paid except on a few percent of loans that have fallen behind)
/// into a fresh SQLite file through the real migrations, then times <see cref="DailyRunService.RunAsync"/> for
/// today, again for today (nothing may change), and for tomorrow.
/// Run: dotnet run -c Release --project bench/Portal.Benchmarks -- daily-run [loans] [percent behind]
/// </summary>
public static class DailyRunBenchmark
{
    public static readonly DateOnly Today = new(2026, 11, 29);

    public static async Task RunAsync(int loans, double behindPercent)
    {
        var (folder, file, seeded) = BenchHost.Database();
        var clock = new FixedClock(new DateTimeOffset(Today.ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)));
        await using var app = await BenchHost.StartAsync(folder, file, clock);

        if (!seeded)
        {
            Console.WriteLine($"Seeding {loans:N0} loans ({behindPercent}% behind) into {file} …");
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var version = await db.Products.Where(p => p.Slug == "everyday-personal-loan").Select(p => p.CurrentVersion!).SingleAsync();
            var customer = await db.Users.Where(u => u.Email == "customer@demo.portal").Select(u => u.Id).SingleAsync();
            var disclosure = scope.ServiceProvider.GetRequiredService<IOptions<DisclosureOptions>>().Value;
            var seeding = Stopwatch.StartNew();
            Seed(file, loans, behindPercent, version, customer, disclosure);
            Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:N0} s ({new FileInfo(file).Length / 1024 / 1024:N0} MB).");
        }

        Console.WriteLine();
        Console.WriteLine("| Run | Loans reviewed | Overdue | Reminders | Time | Loans/s | Allocated |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, date) in new[] { ("Today, first run", Today), ("Today, repeated", Today), ("Tomorrow", Today.AddDays(1)) })
        {
            if (date > Today) clock.Now = clock.Now.AddDays(1);
            using var scope = app.Services.CreateScope();
            var runs = scope.ServiceProvider.GetRequiredService<DailyRunService>();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var result = await runs.RunAsync(date, LoanBook.System, CancellationToken.None);
            var seconds = watch.Elapsed.TotalSeconds;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine($"| {name} | {result.LoansReviewed:N0} | {result.Overdue:N0} | {result.RemindersSent:N0} | {seconds:N1} s | " +
                              $"{result.LoansReviewed / Math.Max(seconds, 0.001):N0} | {allocated / 1024 / 1024:N0} MB |");
        }
        Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");
        BenchHost.Cleanup(folder);
    }

    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }

    /// <summary>
    /// Plain inserts in large transactions with the values EF would write: one disbursed application and one loan per
    /// row, the engine's 12-month schedule for its payout day, instalments due before today paid unless the loan is behind.
    /// </summary>
    private static void Seed(string file, int count, double behindPercent, ProductVersion version, string customer, DisclosureOptions disclosure)
    {
        var time = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter();
        var random = new Random(2026);
        var product = version.Describe("everyday-personal-loan", disclosure, Today);
        var schedules = new Dictionary<DateOnly, Schedule>();
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
        }

        static (SqliteCommand Command, Dictionary<string, SqliteParameter> P) Insert(SqliteConnection c, SqliteTransaction tx, string table, string columns)
        {
            var names = columns.Split(", ");
            var command = c.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"INSERT INTO \"{table}\" ({columns}) VALUES ({string.Join(", ", names.Select(n => "$" + n))})";
            return (command, names.ToDictionary(n => n, n => command.Parameters.Add(new SqliteParameter("$" + n, null))));
        }

        for (var done = 0; done < count;)
        {
            using var tx = connection.BeginTransaction();
            var (app, a) = Insert(connection, tx, "Applications", "Id, Reference, CustomerId, ProductId, ProductVersionId, ApplicantType, State, AmountMinor, Months, Method, " +
                "PermanentResident, ConsentCreditCheck, ConsentPrivacy, ConsentMarketing, CreatedAt, UpdatedAt, ConcurrencyStamp");
            var (loan, l) = Insert(connection, tx, "Loans", "Id, Reference, ApplicationId, CustomerId, ProductVersionId, PrincipalMinor, PaidOutMinor, RatePercent, Months, Method, " +
                "Grade, DisbursementDate, DisbursedAt, BankReference, DisbursedById, GraceDays, PenaltyMarkupPercent, Status, CreditMinor, PrincipalOutstandingMinor, " +
                "NextDueDate, DaysPastDue, Classification, ArrearsMinor, PenaltyMinor, ConcurrencyStamp");
            var (inst, i) = Insert(connection, tx, "LoanInstalment", "LoanId, Number, DueDate, PrincipalMinor, InterestMinor, FeeMinor, PaidPrincipalMinor, PaidInterestMinor, " +
                "PaidFeeMinor, PaidLateFeeMinor, PaidPenaltyMinor, PenaltyAccruedMinor, InterestWaivedMinor, FeeWaivedMinor");
            for (var n = 0; n < 20_000 && done < count; n++, done++)
            {
                var paidOutOn = Today.AddDays(-random.Next(1, 365));
                if (!schedules.TryGetValue(paidOutOn, out var schedule))
                    schedules[paidOutOn] = schedule = (product with { PricedOn = paidOutOn }).Quote(30_000m, 12, RepaymentMethod.EqualInstalments, product.RateFor(RiskGrade.B)!.Value).Schedule;
                var behind = random.NextDouble() * 100 < behindPercent;
                // A loan behind has stopped paying one to three instalments ago.
                var dueSoFar = schedule.Rows.Count(r => r.DueDate < Today);
                var paidCount = behind ? Math.Max(0, dueSoFar - random.Next(1, 4)) : dueSoFar;
                var id = Guid.NewGuid().ToString().ToUpperInvariant();
                var appId = Guid.NewGuid().ToString().ToUpperInvariant();
                var at = time.ConvertToProvider(new DateTimeOffset(paidOutOn.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
                (a["Id"].Value, a["Reference"].Value, a["CustomerId"].Value, a["ProductId"].Value, a["ProductVersionId"].Value) = (appId, $"HB-B{done:D8}", customer, version.ProductId, version.Id);
                (a["ApplicantType"].Value, a["State"].Value, a["AmountMinor"].Value, a["Months"].Value, a["Method"].Value) = ("Individual", "Disbursed", 3_000_000L, 12, "EqualInstalments");
                (a["PermanentResident"].Value, a["ConsentCreditCheck"].Value, a["ConsentPrivacy"].Value, a["ConsentMarketing"].Value) = (1, 1, 1, 0);
                (a["CreatedAt"].Value, a["UpdatedAt"].Value, a["ConcurrencyStamp"].Value) = (at, at, Guid.NewGuid().ToString().ToUpperInvariant());
                app.ExecuteNonQuery();

                var principalPaid = schedule.Rows.Take(paidCount).Sum(r => Money.ToMinor(r.Principal));
                var nextDue = schedule.Rows.Skip(paidCount).Select(r => (DateOnly?)r.DueDate).FirstOrDefault();
                (l["Id"].Value, l["Reference"].Value, l["ApplicationId"].Value, l["CustomerId"].Value, l["ProductVersionId"].Value) = (id, $"LN-B{done:D8}", appId, customer, version.Id);
                (l["PrincipalMinor"].Value, l["PaidOutMinor"].Value, l["RatePercent"].Value, l["Months"].Value, l["Method"].Value) =
                    (3_000_000L, Money.ToMinor(schedule.AmountPaidOut), schedule.Terms.AnnualRatePercent.ToString(System.Globalization.CultureInfo.InvariantCulture), 12, "EqualInstalments");
                (l["Grade"].Value, l["DisbursementDate"].Value, l["DisbursedAt"].Value, l["BankReference"].Value, l["DisbursedById"].Value) = ("B", paidOutOn.ToString("yyyy-MM-dd"), at, "BENCH", "system");
                (l["GraceDays"].Value, l["PenaltyMarkupPercent"].Value, l["Status"].Value, l["CreditMinor"].Value) = (3, "50.0", "Active", 0L);
                (l["PrincipalOutstandingMinor"].Value, l["NextDueDate"].Value) = (3_000_000L - principalPaid, nextDue?.ToString("yyyy-MM-dd") ?? (object)DBNull.Value);
                (l["DaysPastDue"].Value, l["Classification"].Value, l["ArrearsMinor"].Value, l["PenaltyMinor"].Value, l["ConcurrencyStamp"].Value) =
                    (0, "Normal", 0L, 0L, Guid.NewGuid().ToString().ToUpperInvariant());
                loan.ExecuteNonQuery();

                foreach (var row in schedule.Rows)
                {
                    var paid = row.Number <= paidCount;
                    (i["LoanId"].Value, i["Number"].Value, i["DueDate"].Value) = (id, row.Number, row.DueDate.ToString("yyyy-MM-dd"));
                    (i["PrincipalMinor"].Value, i["InterestMinor"].Value, i["FeeMinor"].Value) = (Money.ToMinor(row.Principal), Money.ToMinor(row.Interest), Money.ToMinor(row.Fee));
                    (i["PaidPrincipalMinor"].Value, i["PaidInterestMinor"].Value, i["PaidFeeMinor"].Value) =
                        paid ? (Money.ToMinor(row.Principal), Money.ToMinor(row.Interest), Money.ToMinor(row.Fee)) : (0L, 0L, 0L);
                    (i["PaidLateFeeMinor"].Value, i["PaidPenaltyMinor"].Value, i["PenaltyAccruedMinor"].Value, i["InterestWaivedMinor"].Value, i["FeeWaivedMinor"].Value) = (0L, 0L, 0L, 0L, 0L);
                    inst.ExecuteNonQuery();
                }
            }

            tx.Commit();
            app.Dispose();
            loan.Dispose();
            inst.Dispose();
            Console.Write($"\r  {done:N0}");
        }

        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        analyze.ExecuteNonQuery();
        Console.WriteLine();
    }
}
