using Microsoft.EntityFrameworkCore;
using Portal.Server.Features.Prospects;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Prospects;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Data;

/// <summary>
/// Customer development out of the box (SPEC 2.9): three hundred prospects from the site, the managers' own finds and
/// an imported list, two screening criteria run over them, targets given to the two customer managers, and contacts
/// whose follow-ups fall due today, are overdue or lie ahead. Drawn from a fixed seed, so every demo looks the same.
/// </summary>
public static class DemoProspects
{
    public static readonly Guid ImportedList = new("5e1d0000-0000-4000-8000-000000002026");
    public const string ImportedListName = "Pudong SME association members 2026.csv";

    private static readonly string[] Surnames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo"];
    private static readonly string[] Given = ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hui", "Qiang", "Xin", "Ping", "Tao", "Hong", "Ying", "Bo", "Lan", "Ning", "Hao"];
    private static readonly string[] Businesses = ["Tea House", "Noodle Bar", "Print Shop", "Flower Studio", "Bakery", "Auto Repair", "Tailors", "Logistics", "Dental Clinic", "Design Studio", "Fruit Market", "Hardware", "Bike Workshop", "Kindergarten", "Pharmacy"];
    private static readonly string[] Regions = ["Pudong", "Xuhui", "Jing'an", "Huangpu", "Minhang", "Putuo", "Yangpu", "Songjiang"];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        if (await db.Set<Prospect>().AnyAsync(ct)) return;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = services.GetRequiredService<LocalCalendar>().Today;
        var staff = await db.Users.Where(u => u.Email!.EndsWith("@demo.portal")).ToDictionaryAsync(u => u.Email!, u => (u.Id, u.DisplayName), ct);
        if (!staff.TryGetValue("supervisor@demo.portal", out var supervisor) || !staff.TryGetValue("manager@demo.portal", out var zhang)
            || !staff.TryGetValue("manager2@demo.portal", out var huang)) return;
        var products = await db.Products.Where(p => p.IsPublished).Select(p => p.Slug).ToListAsync(ct);

        var random = new Random(2026);
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        var prospects = new List<Prospect>();
        for (var i = 0; i < 300; i++)
        {
            var source = i < 40 ? ProspectSource.Website : i < 180 ? ProspectSource.Manager : ProspectSource.Import;
            // The imported list is the association's members: businesses, every one.
            var business = source == ProspectSource.Import || random.Next(10) < 3;
            var person = $"{Pick(Surnames)} {Pick(Given)}";
            var created = now.AddDays(-random.Next(1, 75)).AddMinutes(-random.Next(600));
            var p = new Prospect
            {
                Id = Guid.NewGuid(), Reference = References.Prospect(), Screening = new ProspectScreening(), Kind = business ? ApplicantType.Business : ApplicantType.Individual,
                ContactPerson = business ? person : null, Region = source == ProspectSource.Import ? "Pudong" : Pick(Regions),
                Sector = business ? Pick(Enum.GetValues<Sector>()) : random.Next(4) == 0 ? null : Pick(Enum.GetValues<Sector>()),
                MonthlyIncomeMinor = !business && random.Next(8) > 0 ? Money.ToMinor(random.Next(30, 400) * 100m) : null,
                AnnualRevenueMinor = business && random.Next(8) > 0 ? Money.ToMinor(random.Next(10, 600) * 10_000m) : null,
                YearsTrading = business && random.Next(8) > 0 ? random.Next(0, 20) : null,
                BirthDate = !business && random.Next(6) > 0 ? today.AddYears(-random.Next(19, 68)).AddDays(-random.Next(365)) : null,
                ProductInterest = random.Next(3) == 0 ? Pick(products) : null,
                Source = source,
                SourceDetail = source switch
                {
                    ProspectSource.Website => $"product:{Pick(products)}",
                    ProspectSource.Import => ImportedListName,
                    _ => null,
                },
                ImportId = source == ProspectSource.Import ? ImportedList : null,
                ConsentBasis = source switch
                {
                    ProspectSource.Website => ConsentBasis.AskedToBeContacted,
                    ProspectSource.Import => ConsentBasis.PublicBusinessRecord,
                    _ => random.Next(2) == 0 ? ConsentBasis.GaveDetailsInPerson : ConsentBasis.Referral,
                },
                ConsentOn = DateOnly.FromDateTime(created.UtcDateTime),
                CreatedAt = created,
            };
            p.SetName(business ? $"{person.Split(' ')[0]}'s {Pick(Businesses)}" : person);
            // Numbers no one has (the 19x range is unassigned in this demo), so nobody is called by accident.
            p.SetContactDetails($"+86 199 {i / 100:D2}{random.Next(10, 99)} {i % 100:D2}{random.Next(10, 99)}",
                random.Next(3) > 0 ? $"{p.SearchName.Replace(' ', '.').Replace("'", "")}.{i}@example.com" : null,
                business && random.Next(3) > 0 ? $"91310115MA{i:D6}{random.Next(10, 99)}" : null);
            if (i % 60 == 7)
            {
                p.Stopped = ContactStop.DoNotContact;
                p.StopReason = "Asked on the phone not to be called again.";
                p.StoppedAt = created.AddDays(1);
            }
            else if (i % 90 == 11)
            {
                p.Stopped = ContactStop.ConsentWithdrawn;
                p.StopReason = "Withdrew consent by email.";
                p.StoppedAt = created.AddDays(2);
            }
            prospects.Add(p);
            if (source == ProspectSource.Website)
                db.Add(new ProspectContact
                {
                    ProspectId = p.Id, At = created, Channel = ProspectChannel.Website, Outcome = ProspectOutcome.AskedToBeContacted,
                    Note = random.Next(2) == 0 ? "Please call after 6 pm." : null,
                });
        }
        // Entered in the order they came in: the list's "newest first" is the order of entry.
        db.AddRange(prospects.OrderBy(p => p.CreatedAt));
        await db.SaveChangesAsync(ct);

        // The two criteria, run as a supervisor would: people in the city's core, and established businesses.
        var seeder = new SeedUser(supervisor.Id);
        var screening = ActivatorUtilities.CreateInstance<ScreeningService>(services, (ICurrentUser)seeder);
        var people = await screening.SaveCriteriaAsync(null, new ScreeningCriteriaEdit
        {
            Name = "Salaried, city core", Kind = ApplicantType.Individual, Regions = ["Pudong", "Xuhui", "Jing'an", "Huangpu"],
            MinMonthlyIncome = 8_000m, MinAge = 22, MaxAge = 55,
        }, ct);
        var firms = await screening.SaveCriteriaAsync(null, new ScreeningCriteriaEdit
        {
            Name = "Established small businesses", Kind = ApplicantType.Business, MinAnnualRevenue = 500_000m, MinYearsTrading = 2, SectorsOut = [Sector.Construction],
        }, ct);
        await screening.ScreenAsync(new RunScreening(people.Id, null, null), ct);
        await screening.ScreenAsync(new RunScreening(firms.Id, null, null), ct);

        // Most targets handed out (people to Zhang Min's retail team, businesses to Huang Lei's), a few left to take; then
        // the managers' work so far: contacts, and next steps due today, overdue and ahead.
        var targets = await db.Set<Prospect>().Include(p => p.Screening).Where(p => p.Screening.Result == ScreeningResult.Target).OrderBy(p => p.Number).ToListAsync(ct);
        var n = 0;
        foreach (var p in targets)
        {
            if (n++ % 5 == 4) continue;
            var owner = p.Kind == ApplicantType.Business ? huang : zhang;
            p.OwnerId = owner.Id;
            p.AssignedAt = p.Screening.At;
            if (n % 3 == 0) continue; // assigned, not contacted yet: "new for you" on Today
            var at = now.AddDays(-random.Next(1, 10)).AddHours(-random.Next(8));
            var interested = random.Next(3) == 0;
            var outcome = interested ? ProspectOutcome.Interested : random.Next(2) == 0 ? ProspectOutcome.NoAnswer : ProspectOutcome.Reached;
            var next = (n % 4) switch { 0 => today, 1 => today.AddDays(-random.Next(1, 5)), _ => today.AddDays(random.Next(1, 14)) };
            var step = interested ? "Send the invitation to apply" : "Call again";
            db.Add(new ProspectContact
            {
                ProspectId = p.Id, At = at, StaffId = owner.Id, StaffName = owner.DisplayName, Channel = random.Next(4) == 0 ? ProspectChannel.Visit : ProspectChannel.Call,
                Outcome = outcome,
                Note = interested ? "Interested; wants to know the monthly instalment." : null, NextStepOn = next, NextStep = step,
            });
            p.Stage = outcome switch { ProspectOutcome.Interested => ProspectStage.Interested, ProspectOutcome.NoAnswer => ProspectStage.New, _ => ProspectStage.Contacted };
            p.LastContactAt = at;
            p.NextStepOn = next;
            p.NextStep = step;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The supervisor, for the screening run the seed makes in their name.</summary>
    private sealed class SeedUser(string id) : ICurrentUser
    {
        public string? Id => id;
        public string? Name => "seed";
        public bool Has(string permission) => permission is Permissions.ScreenProspects or Permissions.WorkProspects or Permissions.AssignWork;
    }
}
