using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Prospects;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Prospects;

/// <summary>
/// Screening: criteria kept by name, and a run that marks every prospect in scope in one UPDATE — the database
/// decides each row's result from the criteria, so a million prospects take seconds, not a million round trips.
/// </summary>
public sealed class ScreeningService(PortalDbContext db, ICurrentUser user, TimeProvider clock, LocalCalendar calendar) : IScreeningService
{
    public async Task<IReadOnlyList<ScreeningCriteriaView>> CriteriaAsync(CancellationToken ct = default)
    {
        if (!user.Has(Permissions.WorkProspects)) user.Require(Permissions.ScreenProspects);
        var all = await db.Set<ScreeningCriteria>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return [.. all.Select(View)];
    }

    private static ScreeningCriteriaView View(ScreeningCriteria c) => new(c.Id, c.Name, new ScreeningCriteriaEdit
    {
        Name = c.Name, Kind = c.Kind, Regions = [.. c.Regions], SectorsIn = [.. c.SectorsIn], SectorsOut = [.. c.SectorsOut],
        MinMonthlyIncome = Major(c.MinMonthlyIncomeMinor), MaxMonthlyIncome = Major(c.MaxMonthlyIncomeMinor),
        MinAnnualRevenue = Major(c.MinAnnualRevenueMinor), MaxAnnualRevenue = Major(c.MaxAnnualRevenueMinor),
        MinYearsTrading = c.MinYearsTrading, MinAge = c.MinAge, MaxAge = c.MaxAge, Products = [.. c.Products], ConcurrencyStamp = c.ConcurrencyStamp,
    }, c.UpdatedBy, c.UpdatedAt, c.ConcurrencyStamp);

    private static decimal? Major(long? minor) => minor is { } m ? Money.FromMinor(m) : null;
    private static long? Minor(decimal? major) => major is { } m ? Money.ToMinor(m) : null;

    public async Task<ScreeningCriteriaView> SaveCriteriaAsync(int? id, ScreeningCriteriaEdit e, CancellationToken ct = default)
    {
        user.Require(Permissions.ScreenProspects);
        DomainValidationException.ThrowIfInvalid([e]);
        if (e.Kind is { } k && !Enum.IsDefined(k)) throw new DomainValidationException(nameof(e.Kind), SharedText.ValRequired);
        if (e.SectorsIn.Concat(e.SectorsOut).Any(s => !Enum.IsDefined(s))) throw new DomainValidationException(nameof(e.SectorsIn), SharedText.ValRequired);
        var name = e.Name.Trim();
        if (await db.Set<ScreeningCriteria>().AnyAsync(c => c.Name == name && c.Id != id, ct))
            throw new DomainValidationException(nameof(e.Name), SharedText.ScreeningNameTaken);
        var criteria = id is { } existing
            ? await db.Set<ScreeningCriteria>().FirstOrDefaultAsync(c => c.Id == existing, ct) ?? throw new NotFoundException(SharedText.ScreeningNotFound)
            : db.Add(new ScreeningCriteria()).Entity;
        if (id is not null && criteria.ConcurrencyStamp != e.ConcurrencyStamp) throw new ConflictException(SharedText.ScreeningChangedMeanwhile);
        var before = id is null ? null : View(criteria).Criteria;
        criteria.Name = name;
        criteria.Kind = e.Kind;
        criteria.Regions = [.. e.Regions.Select(r => r.Trim()).Distinct()];
        criteria.SectorsIn = [.. e.SectorsIn.Distinct()];
        criteria.SectorsOut = [.. e.SectorsOut.Distinct()];
        criteria.MinMonthlyIncomeMinor = Minor(e.MinMonthlyIncome);
        criteria.MaxMonthlyIncomeMinor = Minor(e.MaxMonthlyIncome);
        criteria.MinAnnualRevenueMinor = Minor(e.MinAnnualRevenue);
        criteria.MaxAnnualRevenueMinor = Minor(e.MaxAnnualRevenue);
        criteria.MinYearsTrading = e.MinYearsTrading;
        criteria.MinAge = e.MinAge;
        criteria.MaxAge = e.MaxAge;
        criteria.Products = [.. e.Products.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct()];
        var actor = await db.ActorAsync(user, ct);
        criteria.UpdatedBy = actor.Name;
        criteria.UpdatedAt = clock.GetUtcNow();
        criteria.ConcurrencyStamp = Guid.NewGuid();
        // New criteria have their id only once saved, and the audit entry names it: two saves, one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(SharedText.ScreeningChangedMeanwhile);
        }
        db.Record(criteria.UpdatedAt, actor, id is null ? "CreateScreeningCriteria" : "UpdateScreeningCriteria", "ScreeningCriteria",
            criteria.Id.ToString(), null, before, View(criteria).Criteria);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(criteria);
    }

    /// <summary>
    /// Screens the prospects not contacted yet (of the criteria's kind, and of one source or imported list, if given): <i>excluded</i> when nobody may
    /// contact them (a stop, or an open application as a customer), else <i>not now</i> with the first criterion they
    /// fail, else <i>target</i>. Prospects being worked (contacted, owned and followed up) are left as they are.
    /// </summary>
    public async Task<ScreeningSummary> ScreenAsync(RunScreening run, CancellationToken ct = default)
    {
        user.Require(Permissions.ScreenProspects);
        var criteria = await db.Set<ScreeningCriteria>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == run.CriteriaId, ct)
            ?? throw new NotFoundException(SharedText.ScreeningNotFound);
        // The prospects in scope, and their rows of the results table: the database updates the narrow rows from the wide ones.
        // Not contacted yet: no contact logged at all (a "no answer" leaves the stage at New, but a manager is working it).
        var prospects = db.Set<Prospect>().Where(p => p.MergedIntoId == null && p.Stage == ProspectStage.New && p.LastContactAt == null);
        if (run.Source is { } source) prospects = prospects.Where(p => p.Source == source);
        if (run.ImportId is { } import) prospects = prospects.Where(p => p.ImportId == import);
        // Criteria for one kind (people, or businesses) screen that kind: the other is not "not now", just not theirs.
        if (criteria.Kind is { } kind) prospects = prospects.Where(p => p.Kind == kind);
        var scope = db.Set<ProspectScreening>().Where(s => prospects.Any(p => p.Number == s.Number));

        var (reason, excluded, failed) = Rules(criteria, calendar.Today);
        var result = Expression.Lambda<Func<Prospect, ScreeningResult>>(
            Expression.Condition(excluded.Body, Expression.Constant(ScreeningResult.Excluded),
                Expression.Condition(failed.Body, Expression.Constant(ScreeningResult.NotNow), Expression.Constant(ScreeningResult.Target))),
            reason.Parameters);
        var now = clock.GetUtcNow();
        var id = criteria.Id;
        // Each value is read from the result's own prospect by its key. (Through the navigation, EF Core 10 fails to
        // translate the update: it cannot map the setters onto the join it makes.)
        var all = db.Set<Prospect>();
        // The run and its audit entry together, or neither.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await scope.ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Result, x => all.Where(p => p.Number == x.Number).Select(result).First())
            .SetProperty(x => x.Reason, x => all.Where(p => p.Number == x.Number).Select(reason).First())
            .SetProperty(x => x.CriteriaId, id)
            .SetProperty(x => x.At, now), ct);
        var counts = await db.Set<ProspectScreening>().Where(s => s.At == now && s.CriteriaId == id).GroupBy(s => s.Result)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var summary = new ScreeningSummary(criteria.Id, criteria.Name, counts.GetValueOrDefault(ScreeningResult.Target),
            counts.GetValueOrDefault(ScreeningResult.NotNow), counts.GetValueOrDefault(ScreeningResult.Excluded), now);
        db.Record(now, await db.ActorAsync(user, ct), "ScreenProspects", "ScreeningCriteria", criteria.Id.ToString(), null, null,
            new { run.Source, run.ImportId, summary.Target, summary.NotNow, summary.Excluded });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return summary;
    }

    /// <summary>
    /// The criteria as expressions over one prospect: the reason (the first rule that stops it, in the order people read
    /// them), whether it is excluded, and whether it fails any criterion. A figure the prospect did not give fails the
    /// criterion that asks for it.
    /// </summary>
    private (Expression<Func<Prospect, ScreeningReason>> Reason, Expression<Func<Prospect, bool>> Excluded, Expression<Func<Prospect, bool>> Failed)
        Rules(ScreeningCriteria c, DateOnly today)
    {
        var p = Expression.Parameter(typeof(Prospect), "p");
        var rules = new List<(ScreeningReason Reason, Expression<Func<Prospect, bool>> When)>
        {
            (ScreeningReason.DoNotContact, x => x.Stopped == ContactStop.DoNotContact),
            (ScreeningReason.ConsentWithdrawn, x => x.Stopped == ContactStop.ConsentWithdrawn),
            (ScreeningReason.OpenApplication, x => x.CustomerId != null && db.Applications.Any(a => a.CustomerId == x.CustomerId && a.IsOpen)),
        };
        var exclusions = rules.Count;
        if (c.Regions is { Count: > 0 } regions) rules.Add((ScreeningReason.Region, x => x.Region == null || !regions.Contains(x.Region)));
        if (c.SectorsIn is { Count: > 0 } sectorsIn) rules.Add((ScreeningReason.Sector, x => x.Sector == null || !sectorsIn.Contains(x.Sector.Value)));
        if (c.SectorsOut is { Count: > 0 } sectorsOut) rules.Add((ScreeningReason.Sector, x => x.Sector != null && sectorsOut.Contains(x.Sector.Value)));
        // Income is a person's measure and revenue a business's: each applies to its own kind.
        if (c.MinMonthlyIncomeMinor is { } minIncome)
            rules.Add((ScreeningReason.Income, x => x.Kind == ApplicantType.Individual && (x.MonthlyIncomeMinor == null || x.MonthlyIncomeMinor < minIncome)));
        if (c.MaxMonthlyIncomeMinor is { } maxIncome)
            rules.Add((ScreeningReason.Income, x => x.Kind == ApplicantType.Individual && (x.MonthlyIncomeMinor == null || x.MonthlyIncomeMinor > maxIncome)));
        if (c.MinAnnualRevenueMinor is { } minRevenue)
            rules.Add((ScreeningReason.Revenue, x => x.Kind == ApplicantType.Business && (x.AnnualRevenueMinor == null || x.AnnualRevenueMinor < minRevenue)));
        if (c.MaxAnnualRevenueMinor is { } maxRevenue)
            rules.Add((ScreeningReason.Revenue, x => x.Kind == ApplicantType.Business && (x.AnnualRevenueMinor == null || x.AnnualRevenueMinor > maxRevenue)));
        if (c.MinYearsTrading is { } years)
            rules.Add((ScreeningReason.YearsTrading, x => x.Kind == ApplicantType.Business && (x.YearsTrading == null || x.YearsTrading < years)));
        // Born on or before this day: old enough; born after that one: not too old.
        if (c.MinAge is { } minAge)
        {
            var bornBy = today.AddYears(-minAge);
            rules.Add((ScreeningReason.Age, x => x.Kind == ApplicantType.Individual && (x.BirthDate == null || x.BirthDate > bornBy)));
        }
        if (c.MaxAge is { } maxAge)
        {
            var bornAfter = today.AddYears(-(maxAge + 1));
            rules.Add((ScreeningReason.Age, x => x.Kind == ApplicantType.Individual && (x.BirthDate == null || x.BirthDate <= bornAfter)));
        }
        if (c.Products is { Count: > 0 } products) rules.Add((ScreeningReason.ProductInterest, x => x.ProductInterest == null || !products.Contains(x.ProductInterest)));

        Expression On(Expression<Func<Prospect, bool>> rule) => new Rebind(rule.Parameters[0], p).Visit(rule.Body);
        Expression reason = Expression.Constant(ScreeningReason.None);
        for (var i = rules.Count - 1; i >= 0; i--) reason = Expression.Condition(On(rules[i].When), Expression.Constant(rules[i].Reason), reason);
        Expression Any(IEnumerable<(ScreeningReason, Expression<Func<Prospect, bool>> When)> some) =>
            some.Select(r => On(r.When)).Aggregate((Expression)Expression.Constant(false), Expression.OrElse);
        return (Expression.Lambda<Func<Prospect, ScreeningReason>>(reason, p),
            Expression.Lambda<Func<Prospect, bool>>(Any(rules.Take(exclusions)), p),
            Expression.Lambda<Func<Prospect, bool>>(Any(rules.Skip(exclusions)), p));
    }

    /// <summary>Puts one rule's body onto the shared parameter, so the rules combine into one expression.</summary>
    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
