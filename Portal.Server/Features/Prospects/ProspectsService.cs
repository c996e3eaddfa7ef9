using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Prospects;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Prospects;

/// <summary>
/// Prospects over EF Core. Customer managers see their own and the unassigned ones; whoever may assign work (the
/// supervisors) sees all. Every change is audited under the prospect's id, which is also its history.
/// </summary>
public sealed class ProspectsService(PortalDbContext db, ICurrentUser user, TimeProvider clock, LocalCalendar calendar) : IProspectsService
{
    private const string Subject = "Prospect";
    /// <summary>The actor of a visitor's request in the audit log (no account); pages show it in the reader's language.</summary>
    private static readonly (string Id, string Name) Visitor = ("", "Website visitor");

    private DateTimeOffset Now => clock.GetUtcNow();
    private string Me => user.Id!;
    private bool SeesAll => user.Has(Permissions.AssignWork);

    /// <summary>What the caller may see: their own and the unassigned, or everything for supervisors; never a merged one in lists.</summary>
    private IQueryable<Prospect> Visible()
    {
        user.Require(Permissions.WorkProspects);
        var me = Me;
        return SeesAll ? db.Set<Prospect>() : db.Set<Prospect>().Where(p => p.OwnerId == me || p.OwnerId == null);
    }

    // ---- The site ----

    public async Task AskToBeContactedAsync(ContactMeRequest request, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([request], request.Eligibility is { } e ? Validate(e) : null);
        if (!Enum.IsDefined(request.Kind)) throw new DomainValidationException(nameof(request.Kind), SharedText.ValRequired);
        // A bot fills in the field people never see: thank it as if it were heard, and keep nothing.
        if (!string.IsNullOrEmpty(request.Website)) return;
        var product = Prospect.Clean(request.Product) is { } slug && await db.Products.AnyAsync(p => p.Slug == slug && p.IsPublished, ct) ? slug : null;
        var detail = request.Eligibility is not null && product is not null ? $"eligibility:{product}"
            : Prospect.Clean(request.Promotion) is { } promo ? $"promotion:{promo}"
            : product is not null ? $"product:{product}" : null;
        var note = Describe(request);
        // Two requests from one person at once: the second finds the first's row on its retry.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await TakeRequestAsync(request, product, detail, note, ct);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task TakeRequestAsync(ContactMeRequest request, string? product, string? detail, string note, CancellationToken ct)
    {
        var now = Now;
        var today = calendar.Today;
        var phoneKey = Prospect.PhoneKeyOf(request.Phone);
        var emailKey = Prospect.EmailKeyOf(request.Email);
        var known = await db.Set<Prospect>().Where(p => (phoneKey != null && p.PhoneKey == phoneKey) || (emailKey != null && p.EmailKey == emailKey))
            .OrderBy(p => p.Number).ToListAsync(ct);
        var p = known.FirstOrDefault();
        if (p is null)
        {
            p = Prospect.New(now);
            p.Kind = request.Kind;
            p.Region = Prospect.Clean(request.Region);
            p.ProductInterest = product;
            p.Source = ProspectSource.Website;
            p.SourceDetail = detail;
            p.ConsentBasis = ConsentBasis.AskedToBeContacted;
            p.ConsentOn = today;
            p.SetName(request.Name);
            p.SetContactDetails(request.Phone, request.Email, null);
            if (request.Eligibility is { } e)
            {
                if (request.Kind == ApplicantType.Individual && e.MonthlyIncome is { } income) p.MonthlyIncomeMinor = Money.ToMinor(income);
                if (request.Kind == ApplicantType.Business && e.MonthlyIncome is { } monthly) p.AnnualRevenueMinor = Money.ToMinor(monthly * 12);
                if (request.Kind == ApplicantType.Business) p.YearsTrading = e.Years;
            }
            db.Add(p);
            db.Record(now, Visitor, "AskedToBeContacted", Subject, p.Id.ToString(), p.Reference, null, new { p.Kind, p.Source, p.SourceDetail });
        }
        else
        {
            // Known already: the new request is a contact on it, and nothing more. Anyone can type a phone number, so an
            // anonymous request neither lifts a stop (staff do that, having checked with the person) nor changes the
            // prospect's details: what it says stays in its note.
            if (p.Stopped is not null) note += "\n" + SharedText.ProspectAskedWhileStopped;
            if (known.Count > 1) note += "\n" + string.Format(SharedText.ProspectAlsoMatches, string.Join(", ", known.Skip(1).Select(k => k.Reference)));
            p.ConcurrencyStamp = Guid.NewGuid();
            db.Record(now, Visitor, "AskedToBeContactedAgain", Subject, p.Id.ToString(), p.Reference, null, new { p.SourceDetail, Stopped = p.Stopped?.ToString() });
        }
        db.Add(new ProspectContact
        {
            ProspectId = p.Id, At = now, Channel = ProspectChannel.Website, Outcome = ProspectOutcome.AskedToBeContacted,
            Note = note.Length > 2000 ? note[..2000] : note,
        });
        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(EligibilityAnswers e)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(e, new(e), results, true);
        return results;
    }

    /// <summary>
    /// The request as the manager reads it: their words, how to reach them, and the eligibility answers they chose to send —
    /// labelled in the language the visitor used (SharedText), since the note is stored as text.
    /// </summary>
    private static string Describe(ContactMeRequest r)
    {
        var text = new StringBuilder();
        if (Prospect.Clean(r.Message) is { } message) text.AppendLine(message);
        if (Prospect.Clean(r.Phone) is { } phone) text.AppendLine(string.Format(SharedText.ProspectNotePhone, phone));
        if (Prospect.Clean(r.Email) is { } email) text.AppendLine(string.Format(SharedText.ProspectNoteEmail, email));
        if (r.Eligibility is { } e)
            text.AppendLine(string.Format(CultureInfo.CurrentCulture, SharedText.ProspectNoteEligibility, e.Age, e.MonthlyIncome, e.Years, e.Amount, e.Months));
        return text.ToString().Trim();
    }

    // ---- Staff: the list ----

    public async Task<ProspectPage> ListAsync(ProspectQuery q, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([q]);
        var query = Visible().AsNoTracking().Where(p => p.MergedIntoId == null);
        if (q.Screening is { } screening) query = query.Where(p => p.Screening.Result == screening);
        if (q.Source is { } source) query = query.Where(p => p.Source == source);
        if (Prospect.Clean(q.Region) is { } region) query = query.Where(p => p.Region == region);
        query = q.Stage switch
        {
            null => query,
            ProspectStage.Applied => query.Where(p => p.ApplicationId != null),
            ProspectStage.PaidOut => query.Where(p => p.ApplicationId != null && db.Loans.Any(l => l.ApplicationId == p.ApplicationId)),
            var stage => query.Where(p => p.Stage == stage && p.ApplicationId == null),
        };
        var me = Me;
        query = q.Owner switch
        {
            null or "" => query,
            ProspectOwner.Me => query.Where(p => p.OwnerId == me),
            ProspectOwner.Nobody => query.Where(p => p.OwnerId == null),
            var someone => query.Where(p => p.OwnerId == someone),
        };
        var cursor = Cursor.Parse(q.After);
        if (q.Search?.Trim() is { Length: > 0 } search)
        {
            if (search.StartsWith("PR-", StringComparison.OrdinalIgnoreCase))
            {
                var reference = search.ToUpperInvariant();
                query = query.Where(p => p.Reference == reference);
            }
            else if (search.Contains('@'))
            {
                var key = Prospect.EmailKeyOf(search);
                query = query.Where(p => p.EmailKey == key);
            }
            else if (Prospect.PhoneKeyOf(search) is { } phone && search.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')'))
            {
                query = query.Where(p => p.PhoneKey == phone);
            }
            else
            {
                // A range over the indexed lower-case name, which every database can seek (LIKE often cannot).
                var from = search.ToLowerInvariant();
                var to = from[..^1] + (char)(from[^1] + 1);
                query = query.Where(p => string.Compare(p.SearchName, from) >= 0 && string.Compare(p.SearchName, to) < 0);
            }
        }
        var before = cursor?.Number ?? long.MaxValue;
        var page = q.Sort switch
        {
            ProspectSort.Name => (cursor is { } c
                    ? query.Where(p => string.Compare(p.SearchName, c.Name) >= 0 && (string.Compare(p.SearchName, c.Name) > 0 || p.Number > c.Number))
                    : query)
                .OrderBy(p => p.SearchName).ThenBy(p => p.Number),
            // Follow-ups in date order: only those that have one.
            ProspectSort.NextStep => (cursor is { } c
                    ? query.Where(p => p.NextStepOn >= c.On && (p.NextStepOn > c.On || p.Number > c.Number))
                    : query.Where(p => p.NextStepOn != null))
                .OrderBy(p => p.NextStepOn).ThenBy(p => p.Number),
            // Newest first is the key itself: the order prospects were entered. The first page too is a range on the key:
            // without one, SQLite read the whole screening table for the targets and sorted them (0.3 s at a million).
            _ => query.Where(p => p.Number < before).OrderByDescending(p => p.Number),
        };
        var size = q.PageSize;
        var rows = await Rows(page.Take(size + 1)).ToListAsync(ct);
        var next = rows.Count > size
            ? new Cursor(rows[size - 1].Number, rows[size - 1].Row.NextStepOn ?? DateOnly.MinValue, rows[size - 1].SearchName).ToString()
            : null;
        return new ProspectPage([.. rows.Take(size).Select(r => r.Row)], next);
    }

    public async Task<TodayView> TodayAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.WorkProspects);
        var me = Me;
        var today = calendar.Today;
        var mine = db.Set<Prospect>().AsNoTracking().Where(p => p.OwnerId == me && p.MergedIntoId == null && p.Stopped == null);
        // Up to a hundred of each: a manager with more has a list to work, not a day.
        async Task<List<ProspectRow>> Read(IQueryable<Prospect> some) => [.. (await Rows(some.Take(100)).ToListAsync(ct)).Select(r => r.Row)];
        var overdue = await Read(mine.Where(p => p.NextStepOn < today).OrderBy(p => p.NextStepOn).ThenBy(p => p.Number));
        var dueToday = await Read(mine.Where(p => p.NextStepOn == today).OrderBy(p => p.Number));
        var fresh = await Read(mine.Where(p => p.Stage == ProspectStage.New && p.LastContactAt == null && p.AssignedAt != null)
            .OrderByDescending(p => p.AssignedAt).ThenBy(p => p.Number));
        return new TodayView(today, overdue, dueToday, fresh);
    }

    /// <summary>A row of the list (and of Today), with the keys a page's cursor is made of.</summary>
    private sealed record Listed(ProspectRow Row, long Number, string SearchName);

    private IQueryable<Listed> Rows(IQueryable<Prospect> prospects) => prospects.Select(p => new Listed(
        new ProspectRow(p.Id, p.Name, p.Kind, p.Region, p.Sector, p.Source, p.Screening.Result,
            p.ApplicationId == null ? p.Stage : db.Loans.Any(l => l.ApplicationId == p.ApplicationId) ? ProspectStage.PaidOut : ProspectStage.Applied,
            db.Users.Where(u => u.Id == p.OwnerId).Select(u => u.DisplayName).FirstOrDefault(), p.NextStepOn, p.CreatedAt, p.Stopped != null, p.NextStep),
        p.Number, p.SearchName));

    /// <summary>Where the previous page ended (<see cref="PageCursor"/>).</summary>
    private sealed record Cursor(long Number, DateOnly On, string Name)
    {
        public override string ToString() => PageCursor.Write(Number, On.DayNumber, Name);

        public static Cursor? Parse(string? text) => PageCursor.Read(text, 3,
            k => new Cursor(long.Parse(k[0], CultureInfo.InvariantCulture), DateOnly.FromDayNumber(int.Parse(k[1], CultureInfo.InvariantCulture)), k[2]),
            nameof(ProspectQuery.After));
    }

    public async Task<IReadOnlyList<ProspectOwnerOption>> OwnersAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.WorkProspects);
        return await db.InRoles([Roles.CustomerManager]).AsNoTracking().Where(u => u.DisabledAt == null)
            .OrderBy(u => u.DisplayName).Select(u => new ProspectOwnerOption(u.Id, u.DisplayName, u.Team)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> RegionsAsync(CancellationToken ct = default)
    {
        if (!user.Has(Permissions.ScreenProspects)) user.Require(Permissions.WorkProspects);
        return await db.Set<Prospect>().AsNoTracking().Where(p => p.Region != null).Select(p => p.Region!).Distinct().OrderBy(r => r).Take(500).ToListAsync(ct);
    }

    // ---- Staff: one prospect ----

    public async Task<ProspectView> GetAsync(Guid id, CancellationToken ct = default)
    {
        var p = await Visible().AsNoTracking().Include(x => x.Screening).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException(SharedText.ProspectNotFound);
        return await ViewAsync(p, ct);
    }

    private async Task<ProspectView> ViewAsync(Prospect p, CancellationToken ct)
    {
        var id = p.Id.ToString();
        var contacts = await db.Set<ProspectContact>().AsNoTracking().Where(c => c.ProspectId == p.Id).OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => new ProspectContactView(c.Id, c.At, c.StaffName, c.Channel, c.Outcome, c.Note, c.NextStepOn, c.NextStep)).ToListAsync(ct);
        var history = await db.AuditEntries.AsNoTracking().Where(e => e.SubjectId == id && e.Subject == Subject).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(200)
            // A visitor has no account: an empty actor, which the page names in the reader's language.
            .Select(e => new ProspectHistoryItem(e.At, e.ActorId == "" ? "" : e.ActorName, e.Action, e.After)).ToListAsync(ct);
        // The people it names, in one query.
        string?[] named = [p.OwnerId, p.CustomerId];
        var people = await db.Users.AsNoTracking().Where(u => named.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.Email), ct);
        var owner = p.OwnerId is { } o && people.TryGetValue(o, out var who) ? who.DisplayName : null;
        var customer = p.CustomerId is { } c2 && people.TryGetValue(c2, out var them) ? them.Email : null;
        var application = p.ApplicationId is { } a ? await db.Applications.Where(x => x.Id == a).Select(x => x.Reference).FirstOrDefaultAsync(ct) : null;
        var screenedBy = p.Screening.CriteriaId is { } s ? await db.Set<ScreeningCriteria>().Where(x => x.Id == s).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        // Same name, not merged: a likely duplicate that the keys could not catch (a new phone, a typo in the email).
        var sameName = p.MergedIntoId is null
            ? await Visible().AsNoTracking().Where(x => x.SearchName == p.SearchName && x.Id != p.Id && x.MergedIntoId == null).Take(10)
                .Select(x => new ProspectMatch(x.Id, x.Name + " · " + x.Reference, "Name")).ToListAsync(ct)
            : [];
        var stage = p.ApplicationId is null ? p.Stage
            : await db.Loans.AnyAsync(l => l.ApplicationId == p.ApplicationId, ct) ? ProspectStage.PaidOut : ProspectStage.Applied;
        var live = p.MergedIntoId is null;
        var sourceSlug = p.SourceDetail?.Split(':') is [_, var slug] ? slug : null;
        var zh = Bilingual.IsChinese();
        var names = await db.Products.Where(x => x.Slug == p.ProductInterest || x.Slug == sourceSlug)
            .Select(x => new { x.Slug, Name = zh && x.CurrentVersion!.NameZh != "" ? x.CurrentVersion.NameZh : x.CurrentVersion!.Name }).ToListAsync(ct);
        var promotion = p.SourceDetail?.StartsWith("promotion:", StringComparison.Ordinal) == true
            ? await db.Set<Promotions.Promotion>().Where(x => x.Slug == sourceSlug).Select(x => zh && x.TitleZh != "" ? x.TitleZh : x.Title).FirstOrDefaultAsync(ct)
            : null;
        return new ProspectView(p.Id, p.Reference, p.Kind, p.Name, p.ContactPerson, p.Phone, p.Email, p.RegistrationNumber, p.Region, p.Sector,
            p.MonthlyIncomeMinor is { } i ? Money.FromMinor(i) : null, p.AnnualRevenueMinor is { } r ? Money.FromMinor(r) : null, p.YearsTrading,
            p.BirthDate, p.ProductInterest, p.Notes, p.Source, p.SourceDetail, p.ConsentBasis, p.ConsentOn, p.Stopped, p.StopReason, p.StoppedAt,
            stage, p.Screening.Result, p.Screening.Reason, screenedBy, p.Screening.At, p.OwnerId, owner, p.NextStepOn, p.NextStep, customer, p.ApplicationId, application,
            p.MergedIntoId, sameName, contacts, history, p.CreatedAt, p.ConcurrencyStamp)
        {
            // Customer managers take; supervisors give (to a manager: only they own prospects).
            CanTake = live && p.OwnerId is null && !SeesAll,
            CanAssign = live && SeesAll,
            CanContact = live && p.Stopped is null,
            ProductInterestName = names.FirstOrDefault(n => n.Slug == p.ProductInterest)?.Name,
            SourceName = promotion ?? names.FirstOrDefault(n => n.Slug == sourceSlug)?.Name,
        };
    }

    public async Task<IReadOnlyList<ProspectMatch>> MatchesAsync(ProspectEdit prospect, CancellationToken ct = default)
    {
        user.Require(Permissions.WorkProspects);
        return await MatchesAsync(prospect, null, ct);
    }

    /// <summary>
    /// Every prospect with the entry's phone, email or registration number — whoever owns it, since a duplicate must be
    /// found even where the caller may not open it (its name is then not shown).
    /// </summary>
    private async Task<IReadOnlyList<ProspectMatch>> MatchesAsync(ProspectEdit e, Guid? except, CancellationToken ct)
    {
        var phone = Prospect.PhoneKeyOf(e.Phone);
        var email = Prospect.EmailKeyOf(e.Email);
        var registration = Prospect.RegistrationKeyOf(e.RegistrationNumber);
        if (phone is null && email is null && registration is null) return [];
        var me = Me;
        var all = SeesAll;
        var found = await db.Set<Prospect>().AsNoTracking()
            .Where(p => p.Id != except && ((phone != null && p.PhoneKey == phone) || (email != null && p.EmailKey == email) || (registration != null && p.RegistrationKey == registration)))
            .Select(p => new { p.Id, p.Name, p.Reference, p.PhoneKey, p.EmailKey, p.RegistrationKey, Mine = all || p.OwnerId == null || p.OwnerId == me })
            .ToListAsync(ct);
        return [.. found.Select(p => new ProspectMatch(p.Mine ? p.Id : Guid.Empty, p.Mine ? $"{p.Name} · {p.Reference}" : p.Reference,
            p.PhoneKey == phone ? "Phone" : p.EmailKey == email ? "Email" : "RegistrationNumber"))];
    }

    public async Task<ProspectView> CreateAsync(ProspectEdit e, CancellationToken ct = default)
    {
        user.Require(Permissions.WorkProspects);
        Check(e);
        if ((await MatchesAsync(e, null, ct)).FirstOrDefault() is { } match)
            throw new ConflictException(string.Format(SharedText.ProspectDuplicate, match.Name));
        var now = Now;
        var p = Prospect.New(now);
        p.Source = ProspectSource.Manager;
        // A customer manager's own find is theirs; a supervisor's waits for assignment.
        if (!SeesAll) (p.OwnerId, p.AssignedAt) = (Me, now);
        Apply(e, p);
        db.Add(p);
        db.Record(now, await db.ActorAsync(user, ct), "CreateProspect", Subject, p.Id.ToString(), p.Reference, null, Audited(p));
        await SaveAsync(p, ct);
        return await ViewAsync(p, ct);
    }

    public async Task<ProspectView> UpdateAsync(Guid id, ProspectEdit e, CancellationToken ct = default)
    {
        Check(e);
        var p = await LoadAsync(id, e.ConcurrencyStamp, ct);
        if ((await MatchesAsync(e, id, ct)).FirstOrDefault() is { } match)
            throw new ConflictException(string.Format(SharedText.ProspectDuplicate, match.Name));
        var before = Audited(p);
        Apply(e, p);
        db.Record(Now, await db.ActorAsync(user, ct), "UpdateProspect", Subject, p.Id.ToString(), p.Reference, before, Audited(p));
        await SaveAsync(p, ct);
        return await ViewAsync(p, ct);
    }

    private static void Check(ProspectEdit e)
    {
        DomainValidationException.ThrowIfInvalid([e]);
        if (!Enum.IsDefined(e.Kind)) throw new DomainValidationException(nameof(e.Kind), SharedText.ValRequired);
        if (!Enum.IsDefined(e.ConsentBasis)) throw new DomainValidationException(nameof(e.ConsentBasis), SharedText.ValRequired);
        if (e.Sector is { } s && !Enum.IsDefined(s)) throw new DomainValidationException(nameof(e.Sector), SharedText.ValRequired);
    }

    private static void Apply(ProspectEdit e, Prospect p)
    {
        p.Kind = e.Kind;
        p.SetName(e.Name);
        p.ContactPerson = Prospect.Clean(e.ContactPerson);
        p.SetContactDetails(e.Phone, e.Email, e.RegistrationNumber);
        p.Region = Prospect.Clean(e.Region);
        p.Sector = e.Sector;
        p.MonthlyIncomeMinor = e.MonthlyIncome is { } i ? Money.ToMinor(i) : null;
        p.AnnualRevenueMinor = e.AnnualRevenue is { } r ? Money.ToMinor(r) : null;
        p.YearsTrading = e.YearsTrading;
        p.BirthDate = e.BirthDate;
        p.ProductInterest = Prospect.Clean(e.ProductInterest);
        p.ConsentBasis = e.ConsentBasis;
        p.ConsentOn = e.ConsentOn!.Value;
        p.Notes = Prospect.Clean(e.Notes);
    }

    /// <summary>What the log keeps of a prospect's details: what it is and where it stands, not the personal data itself.</summary>
    private static object Audited(Prospect p) => new
    {
        Kind = p.Kind.ToString(), p.Region, Sector = p.Sector?.ToString(), HasPhone = p.Phone is not null, HasEmail = p.Email is not null,
        ConsentBasis = p.ConsentBasis.ToString(), p.ConsentOn, p.ProductInterest,
    };

    /// <summary>Takes a prospect (no owner given), or gives it to a customer manager (supervisors).</summary>
    public async Task<ProspectView> AssignAsync(Guid id, AssignProspect request, CancellationToken ct = default)
    {
        var p = await LoadAsync(id, request.ConcurrencyStamp, ct);
        var owner = request.OwnerId ?? Me;
        if (owner != Me || (p.OwnerId is not null && p.OwnerId != Me)) user.Require(Permissions.AssignWork);
        if (!(await OwnersAsync(ct)).Any(o => o.Id == owner)) throw new DomainValidationException(nameof(request.OwnerId), SharedText.ProspectOwnerUnknown);
        var before = new { p.OwnerId };
        p.OwnerId = owner;
        p.AssignedAt = Now;
        db.Record(Now, await db.ActorAsync(user, ct), request.OwnerId is null ? "TakeProspect" : "AssignProspect", Subject, p.Id.ToString(), p.Reference, before, new { p.OwnerId });
        await SaveAsync(p, ct);
        return await ViewAsync(p, ct);
    }

    public async Task<AssignmentSummary> AssignTargetsAsync(AssignTargets request, CancellationToken ct = default)
    {
        user.Require(Permissions.AssignWork);
        if (!Enum.IsDefined(request.Rule)) throw new DomainValidationException(nameof(request.Rule), SharedText.ValRequired);
        if (string.IsNullOrWhiteSpace(request.Team) || request.Team.Length > 100) throw new DomainValidationException(nameof(request.Team), SharedText.ProspectTeamEmpty);
        if (request.Region?.Length > 60) throw new DomainValidationException(nameof(request.Region), SharedText.ValRequired);
        var managers = (await OwnersAsync(ct)).Where(o => o.Team == request.Team).ToList();
        if (managers.Count == 0) throw new DomainValidationException(nameof(request.Team), SharedText.ProspectTeamEmpty);
        var targets = db.Set<Prospect>().Where(p => p.Screening.Result == ScreeningResult.Target && p.OwnerId == null && p.MergedIntoId == null && p.Stopped == null);
        if (Prospect.Clean(request.Region) is { } region) targets = targets.Where(p => p.Region == region);
        if (request.ImportId is { } import) targets = targets.Where(p => p.ImportId == import);
        var waiting = await targets.OrderBy(p => p.Number).Select(p => new { p.Id, p.Region }).ToListAsync(ct);

        var chosen = new Dictionary<string, List<Guid>>();
        if (request.Rule == AssignmentRule.RoundRobin)
        {
            for (var i = 0; i < waiting.Count; i++) Add(managers[i % managers.Count].Id, waiting[i].Id);
        }
        else
        {
            // A region stays with the team's manager who already works it most; a new one goes to whoever has the fewest so far.
            var ids = managers.Select(m => m.Id).ToList();
            var worked = await db.Set<Prospect>().AsNoTracking().Where(p => p.OwnerId != null && ids.Contains(p.OwnerId) && p.Region != null)
                .GroupBy(p => new { p.Region, p.OwnerId }).Select(g => new { g.Key.Region, g.Key.OwnerId, Count = g.Count() }).ToListAsync(ct);
            foreach (var group in waiting.GroupBy(w => w.Region ?? "").OrderByDescending(g => g.Count()))
            {
                var owner = worked.Where(w => w.Region == group.Key).OrderByDescending(w => w.Count).Select(w => w.OwnerId).FirstOrDefault()
                    ?? managers.OrderBy(m => chosen.GetValueOrDefault(m.Id)?.Count ?? 0).First().Id;
                foreach (var w in group) Add(owner!, w.Id);
            }
        }
        void Add(string owner, Guid id)
        {
            if (!chosen.TryGetValue(owner, out var list)) chosen[owner] = list = [];
            list.Add(id);
        }

        var now = Now;
        var assigned = new List<AssignedCount>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (owner, list) in chosen)
        {
            var count = 0;
            // Still unassigned when written: one a manager took meanwhile stays theirs.
            foreach (var chunk in list.Chunk(500))
                count += await db.Set<Prospect>().Where(p => chunk.Contains(p.Id) && p.OwnerId == null && p.MergedIntoId == null && p.Stopped == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.OwnerId, owner).SetProperty(p => p.AssignedAt, now).SetProperty(p => p.ConcurrencyStamp, Guid.NewGuid()), ct);
            assigned.Add(new AssignedCount(managers.First(m => m.Id == owner).Name, count));
        }
        db.Record(now, await db.ActorAsync(user, ct), "AssignTargets", "ProspectList", request.Team, null, null,
            new { request.Team, Rule = request.Rule.ToString(), request.Region, request.ImportId, Assigned = assigned });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new AssignmentSummary(assigned.Sum(a => a.Count), [.. assigned.OrderBy(a => a.OwnerName)]);
    }

    public async Task<ProspectView> LogContactAsync(Guid id, LogContact contact, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([contact]);
        if (!Enum.IsDefined(contact.Channel) || contact.Channel == ProspectChannel.Website) throw new DomainValidationException(nameof(contact.Channel), SharedText.ValRequired);
        if (!Enum.IsDefined(contact.Outcome) || contact.Outcome == ProspectOutcome.AskedToBeContacted) throw new DomainValidationException(nameof(contact.Outcome), SharedText.ValRequired);
        if (contact.NextStepOn is { } on && on < calendar.Today) throw new DomainValidationException(nameof(contact.NextStepOn), SharedText.ProspectNextStepPast);
        for (var attempt = 0; ; attempt++)
        {
            var p = await Visible().Include(x => x.Screening).FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? (attempt > 0 ? throw new ConflictException(await ChangedAsync(await OwnerOfAsync(id, ct), ct)) : throw new NotFoundException(SharedText.ProspectNotFound));
            // Merged meanwhile (or before the page was refreshed): the contact belongs to the prospect it was merged into.
            while (p.MergedIntoId is { } into)
                p = await Visible().Include(x => x.Screening).FirstOrDefaultAsync(x => x.Id == into, ct) ?? throw new NotFoundException(SharedText.ProspectNotFound);
            if (p.Stopped is not null) throw new ConflictException(string.Format(SharedText.ProspectContactStopped, p.StopReason));

            var now = Now;
            var actor = await db.ActorAsync(user, ct);
            db.Add(new ProspectContact
            {
                ProspectId = p.Id, At = now, StaffId = actor.Id, StaffName = actor.Name, Channel = contact.Channel, Outcome = contact.Outcome,
                Note = Prospect.Clean(contact.Note), NextStepOn = contact.NextStepOn, NextStep = Prospect.Clean(contact.NextStep),
            });
            // Contacting an unassigned prospect takes it: in its history as a take.
            if (p.OwnerId is null)
            {
                p.OwnerId = Me;
                p.AssignedAt = now;
                db.Record(now, actor, "TakeProspect", Subject, p.Id.ToString(), p.Reference, new { OwnerId = (string?)null }, new { p.OwnerId });
            }
            var reached = contact.Outcome is not (ProspectOutcome.NoAnswer or ProspectOutcome.DoNotContact);
            if (reached && p.Stage < ProspectStage.Contacted) p.Stage = ProspectStage.Contacted;
            if (contact.Outcome == ProspectOutcome.Interested && p.Stage < ProspectStage.Interested) p.Stage = ProspectStage.Interested;
            if (contact.Outcome == ProspectOutcome.DoNotContact)
            {
                p.Stopped = ContactStop.DoNotContact;
                p.StopReason = Prospect.Clean(contact.Note) ?? SharedText.ProspectAskedNotToBeContacted;
                p.StoppedAt = now;
            }
            p.NextStepOn = p.Stopped is null ? contact.NextStepOn : null;
            p.NextStep = p.Stopped is null ? Prospect.Clean(contact.NextStep) : null;
            p.LastContactAt = now;
            db.Record(now, actor, "LogProspectContact", Subject, p.Id.ToString(), p.Reference, null,
                new { Channel = contact.Channel.ToString(), Outcome = contact.Outcome.ToString(), contact.NextStepOn });
            p.ConcurrencyStamp = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(ct);
                return await ViewAsync(p, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 2)
            {
                // Someone changed it at the same moment (a merge, a take): read it again and log on what it is now.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<ProspectView> StopContactAsync(Guid id, StopContact request, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([request]);
        if (!Enum.IsDefined(request.Stop)) throw new DomainValidationException(nameof(request.Stop), SharedText.ValRequired);
        var p = await LoadAsync(id, request.ConcurrencyStamp, ct);
        var before = new { Stopped = p.Stopped?.ToString() };
        p.Stopped = request.Stop;
        p.StopReason = request.Reason.Trim();
        p.StoppedAt = Now;
        p.NextStepOn = null;
        p.NextStep = null;
        db.Record(Now, await db.ActorAsync(user, ct), "StopProspectContact", Subject, p.Id.ToString(), p.Reference, before, new { Stopped = p.Stopped.ToString(), p.StopReason });
        await SaveAsync(p, ct);
        return await ViewAsync(p, ct);
    }

    /// <summary>Lifts a stop, with the reason (the person asked again and staff checked with them): audited like the stop.</summary>
    public async Task<ProspectView> ResumeContactAsync(Guid id, ResumeContact request, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([request]);
        var p = await LoadAsync(id, request.ConcurrencyStamp, ct);
        if (p.Stopped is null) throw new ConflictException(SharedText.ProspectNotStopped);
        var before = new { Stopped = p.Stopped.ToString(), p.StopReason };
        p.Stopped = null;
        p.StopReason = null;
        p.StoppedAt = null;
        p.ConsentBasis = ConsentBasis.AskedToBeContacted;
        p.ConsentOn = calendar.Today;
        db.Record(Now, await db.ActorAsync(user, ct), "ResumeProspectContact", Subject, p.Id.ToString(), p.Reference, before, new { Reason = request.Reason.Trim(), p.ConsentOn });
        await SaveAsync(p, ct);
        return await ViewAsync(p, ct);
    }

    /// <summary>
    /// Merges another prospect into this one: its contacts move over, the earliest consent and any detail this one lacks
    /// are kept, a stop on either stops both. The other stays as a pointer here. The other's stamp is checked, so a
    /// contact logged on it meanwhile makes the merge ask to look again rather than leave that contact behind.
    /// </summary>
    public async Task<ProspectView> MergeAsync(Guid id, MergeProspects request, CancellationToken ct = default)
    {
        if (id == request.OtherId) throw new DomainValidationException(nameof(request.OtherId), SharedText.ProspectMergeSelf);
        var p = await LoadAsync(id, request.ConcurrencyStamp, ct);
        var other = await LoadAsync(request.OtherId, request.OtherConcurrencyStamp, ct);
        if (other.OwnerId is not null && other.OwnerId != Me && p.OwnerId != other.OwnerId) user.Require(Permissions.AssignWork);
        var now = Now;
        var actor = await db.ActorAsync(user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (phone, email, registration) = (other.Phone, other.Email, other.RegistrationNumber);
        // The keys are unique: the other lets go of them before this one takes them.
        other.SetContactDetails(null, null, null);
        other.MergedIntoId = p.Id;
        other.NextStepOn = null;
        other.NextStep = null;
        other.ConcurrencyStamp = Guid.NewGuid();
        await SaveAsync(other, ct);

        p.SetContactDetails(p.Phone ?? phone, p.Email ?? email, p.RegistrationNumber ?? registration);
        p.ContactPerson ??= other.ContactPerson;
        p.Region ??= other.Region;
        p.Sector ??= other.Sector;
        p.MonthlyIncomeMinor ??= other.MonthlyIncomeMinor;
        p.AnnualRevenueMinor ??= other.AnnualRevenueMinor;
        p.YearsTrading ??= other.YearsTrading;
        p.BirthDate ??= other.BirthDate;
        p.ProductInterest ??= other.ProductInterest;
        p.CustomerId ??= other.CustomerId;
        p.ApplicationId ??= other.ApplicationId;
        p.OwnerId ??= other.OwnerId;
        if (other.ConsentOn < p.ConsentOn) (p.ConsentOn, p.ConsentBasis) = (other.ConsentOn, other.ConsentBasis);
        if (other.Stage > p.Stage) p.Stage = other.Stage;
        if (p.Stopped is null && other.Stopped is not null)
        {
            (p.Stopped, p.StopReason, p.StoppedAt) = (other.Stopped, other.StopReason, other.StoppedAt);
            (p.NextStepOn, p.NextStep) = (null, null);
        }
        if (p.Stopped is null && (p.NextStepOn is null || other.NextStepOn < p.NextStepOn) && other.NextStepOn is not null)
            (p.NextStepOn, p.NextStep) = (other.NextStepOn, other.NextStep);
        if (other.Notes is not null) p.Notes = p.Notes is null ? other.Notes : Truncate(p.Notes + "\n" + other.Notes, 1000);
        db.Record(now, actor, "MergeProspect", Subject, p.Id.ToString(), p.Reference, null,
            new { Merged = other.Reference, Stopped = p.Stopped?.ToString(), p.OwnerId, p.ConsentOn, ConsentBasis = p.ConsentBasis.ToString() });
        db.Record(now, actor, "MergedInto", Subject, other.Id.ToString(), other.Reference, null, new { Into = p.Reference });
        await SaveAsync(p, ct);
        await db.Set<ProspectContact>().Where(c => c.ProspectId == other.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ProspectId, p.Id), ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(p, ct);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private async Task<Prospect> LoadAsync(Guid id, Guid stamp, CancellationToken ct)
    {
        user.Require(Permissions.WorkProspects);
        var p = await db.Set<Prospect>().Include(x => x.Screening).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException(SharedText.ProspectNotFound);
        var mine = SeesAll || p.OwnerId is null || p.OwnerId == Me;
        // Someone else's: not found — unless the caller saw it before it was taken (they hold an older stamp), then who took it.
        if (!mine && p.ConcurrencyStamp == stamp) throw new NotFoundException(SharedText.ProspectNotFound);
        if (p.MergedIntoId is not null) throw new ConflictException(SharedText.ProspectMergedAlready);
        if (p.ConcurrencyStamp != stamp) throw new ConflictException(await ChangedAsync(p.OwnerId, ct));
        return p;
    }

    private async Task SaveAsync(Prospect p, CancellationToken ct)
    {
        p.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(await ChangedAsync(await OwnerOfAsync(p.Id, ct), ct));
        }
        catch (DbUpdateException) when (p.MergedIntoId is null)
        {
            // A unique key: someone saved the same phone, email or registration number a moment ago.
            throw new ConflictException(SharedText.ProspectDuplicateMeanwhile);
        }
    }

    private Task<string?> OwnerOfAsync(Guid id, CancellationToken ct) =>
        db.Set<Prospect>().AsNoTracking().Where(x => x.Id == id).Select(x => x.OwnerId).FirstOrDefaultAsync(ct);

    /// <summary>"Changed meanwhile" — and when it was someone taking it, who.</summary>
    private async Task<string> ChangedAsync(string? ownerNow, CancellationToken ct)
    {
        if (ownerNow is null || ownerNow == Me) return SharedText.ProspectChangedMeanwhile;
        var name = await db.Users.Where(u => u.Id == ownerNow).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return string.Format(SharedText.ProspectTakenBy, name);
    }
}
