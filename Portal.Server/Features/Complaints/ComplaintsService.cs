using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Messages;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Complaints;
using Portal.Shared.Features.Messages;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Complaints;

/// <summary>Complaints: the customer's own only; staff with the permission take, answer and resolve them, audited.</summary>
public sealed class ComplaintsService(PortalDbContext db, ICurrentUser user, Notifier notifier, TimeProvider clock, IOptions<ComplaintOptions> options) : IComplaintsService
{
    private DateTimeOffset Now => clock.GetUtcNow();

    private string Customer
    {
        get
        {
            user.Require(Permissions.ApplyForLoans);
            return user.Id!;
        }
    }

    public async Task<ComplaintView> OpenAsync(NewComplaint complaint, CancellationToken ct = default)
    {
        var me = Customer;
        DomainValidationException.ThrowIfInvalid([complaint]);
        if (!Enum.IsDefined(complaint.Category)) throw new DomainValidationException(nameof(complaint.Category), SharedText.ValRequired);
        // What it is about must be the customer's own: anything else is refused as if it did not exist.
        if (complaint.ApplicationId is { } a && !await db.Applications.AnyAsync(x => x.Id == a && x.CustomerId == me, ct))
            throw new DomainValidationException(nameof(complaint.ApplicationId), SharedText.ComplaintNotYours);
        if (complaint.LoanId is { } l && !await db.Loans.AnyAsync(x => x.Id == l && x.CustomerId == me, ct))
            throw new DomainValidationException(nameof(complaint.LoanId), SharedText.ComplaintNotYours);
        var now = Now;
        var c = new Complaint
        {
            Id = Guid.NewGuid(), Reference = References.Complaint(), CustomerId = me, Category = complaint.Category,
            Description = complaint.Description.Trim(), ApplicationId = complaint.ApplicationId, LoanId = complaint.LoanId,
            Status = ComplaintStatus.Open, CreatedAt = now, DueBy = now.AddDays(options.Value.ResponseDays),
        };
        db.Add(c);
        db.Record(now, await db.ActorAsync(user, ct), "OpenComplaint", "Complaint", c.Id.ToString(), c.Reference, null,
            new { Category = c.Category.ToString(), c.ApplicationId, c.LoanId, c.DueBy });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(c.Id, forStaff: false, ct);
    }

    public async Task<IReadOnlyList<ComplaintView>> MineAsync(CancellationToken ct = default)
    {
        var me = Customer;
        var ids = await db.Set<Complaint>().AsNoTracking().Where(c => c.CustomerId == me).OrderByDescending(c => c.CreatedAt).Select(c => c.Id).ToListAsync(ct);
        var views = new List<ComplaintView>();
        foreach (var id in ids) views.Add(await ViewAsync(id, forStaff: false, ct));
        return views;
    }

    public async Task<ComplaintView> GetMineAsync(Guid id, CancellationToken ct = default)
    {
        var me = Customer;
        if (!await db.Set<Complaint>().AnyAsync(c => c.Id == id && c.CustomerId == me, ct)) throw new NotFoundException(SharedText.ComplaintNotFound);
        return await ViewAsync(id, forStaff: false, ct);
    }

    /// <summary>The customer writes back: an answered complaint goes back to its handler.</summary>
    public async Task<ComplaintView> ReplyAsync(Guid id, ComplaintText reply, CancellationToken ct = default)
    {
        var me = Customer;
        DomainValidationException.ThrowIfInvalid([reply]);
        var c = await db.Set<Complaint>().FirstOrDefaultAsync(x => x.Id == id && x.CustomerId == me, ct) ?? throw new NotFoundException(SharedText.ComplaintNotFound);
        if (c.Status == ComplaintStatus.Resolved) throw new ConflictException(SharedText.ComplaintResolvedAlready);
        db.Add(new ComplaintMessage { ComplaintId = c.Id, AuthorId = me, FromStaff = false, Text = reply.Text.Trim(), At = Now });
        if (c.Status == ComplaintStatus.Answered) c.Status = ComplaintStatus.InProgress;
        c.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(SharedText.ComplaintChangedMeanwhile);
        }
        return await ViewAsync(id, forStaff: false, ct);
    }

    // ---- Staff ----

    public async Task<IReadOnlyList<ComplaintRow>> QueueAsync(ComplaintStatus? status, bool overdueOnly, bool mineOnly, CancellationToken ct = default)
    {
        user.Require(Permissions.HandleComplaints);
        var now = Now;
        var me = user.Id;
        var q = db.Set<Complaint>().AsNoTracking().AsQueryable();
        q = status is { } s ? q.Where(c => c.Status == s) : q.Where(c => c.Status != ComplaintStatus.Resolved);
        if (overdueOnly) q = q.Where(c => c.Status != ComplaintStatus.Resolved && c.DueBy < now);
        if (mineOnly) q = q.Where(c => c.AssigneeId == me);
        return await q.OrderBy(c => c.DueBy).Take(200)
            .Select(c => new ComplaintRow(c.Id, c.Reference, c.Category, c.Status, c.CreatedAt, c.DueBy, c.Status != ComplaintStatus.Resolved && c.DueBy < now,
                db.Users.Where(u => u.Id == c.AssigneeId).Select(u => u.DisplayName).FirstOrDefault(),
                db.Users.Where(u => u.Id == c.CustomerId).Select(u => u.Email).FirstOrDefault() ?? ""))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ComplaintHandler>> HandlersAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.HandleComplaints);
        return await db.InRoles(Permissions.GrantedTo[Permissions.HandleComplaints]).AsNoTracking()
            .OrderBy(u => u.DisplayName).Select(u => new ComplaintHandler(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    public async Task<ComplaintView> GetAsync(Guid id, CancellationToken ct = default)
    {
        user.Require(Permissions.HandleComplaints);
        if (!await db.Set<Complaint>().AnyAsync(c => c.Id == id, ct)) throw new NotFoundException(SharedText.ComplaintNotFound);
        return await ViewAsync(id, forStaff: true, ct);
    }

    /// <summary>Anyone who handles complaints may take one; only a supervisor gives one to someone else.</summary>
    public async Task<ComplaintView> AssignAsync(Guid id, AssignComplaint request, CancellationToken ct = default)
    {
        user.Require(Permissions.HandleComplaints);
        var assignee = request.AssigneeId ?? user.Id!;
        if (assignee != user.Id) user.Require(Permissions.AssignWork);
        if (!(await HandlersAsync(ct)).Any(h => h.Id == assignee))
            throw new DomainValidationException(nameof(request.AssigneeId), SharedText.ComplaintNotHandler);
        var c = await LoadAsync(id, request.ConcurrencyStamp, ct);
        // Taking a complaint a colleague has is giving it away from them: a supervisor's call.
        if (c.AssigneeId is not null && c.AssigneeId != assignee) user.Require(Permissions.AssignWork);
        var before = new { c.AssigneeId, Status = c.Status.ToString() };
        c.AssigneeId = assignee;
        if (c.Status == ComplaintStatus.Open) c.Status = ComplaintStatus.InProgress;
        return await SaveAsync(c, "AssignComplaint", before, new { c.AssigneeId, Status = c.Status.ToString() }, ct);
    }

    public async Task<ComplaintView> AnswerAsync(Guid id, ComplaintText answer, CancellationToken ct = default)
    {
        user.Require(Permissions.HandleComplaints);
        DomainValidationException.ThrowIfInvalid([answer]);
        var c = await LoadAsync(id, answer.ConcurrencyStamp, ct);
        var before = new { Status = c.Status.ToString(), c.AssigneeId };
        var now = Now;
        db.Add(new ComplaintMessage { ComplaintId = c.Id, AuthorId = user.Id!, FromStaff = true, Text = answer.Text.Trim(), At = now });
        c.AssigneeId ??= user.Id;
        c.FirstResponseAt ??= now;
        c.Status = ComplaintStatus.Answered;
        notifier.Notify(c.CustomerId, NotificationKind.ComplaintAnswered, $"complaints/{c.Id}", now, email: true, c.Reference);
        return await SaveAsync(c, "AnswerComplaint", before, new { Status = c.Status.ToString(), c.AssigneeId }, ct);
    }

    public async Task<ComplaintView> ResolveAsync(Guid id, ComplaintText resolution, CancellationToken ct = default)
    {
        user.Require(Permissions.HandleComplaints);
        DomainValidationException.ThrowIfInvalid([resolution]);
        var c = await LoadAsync(id, resolution.ConcurrencyStamp, ct);
        var before = new { Status = c.Status.ToString(), c.AssigneeId };
        var now = Now;
        c.Resolution = resolution.Text.Trim();
        c.ResolvedAt = now;
        c.ResolvedById = user.Id;
        c.AssigneeId ??= user.Id;
        c.FirstResponseAt ??= now;
        c.Status = ComplaintStatus.Resolved;
        notifier.Notify(c.CustomerId, NotificationKind.ComplaintResolved, $"complaints/{c.Id}", now, email: true, c.Reference);
        return await SaveAsync(c, "ResolveComplaint", before, new { Status = c.Status.ToString(), c.Resolution }, ct);
    }

    private async Task<Complaint> LoadAsync(Guid id, Guid stamp, CancellationToken ct)
    {
        var c = await db.Set<Complaint>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException(SharedText.ComplaintNotFound);
        if (c.ConcurrencyStamp != stamp) throw new ConflictException(SharedText.ComplaintChangedMeanwhile);
        if (c.Status == ComplaintStatus.Resolved) throw new ConflictException(SharedText.ComplaintResolvedAlready);
        return c;
    }

    private async Task<ComplaintView> SaveAsync(Complaint c, string action, object before, object after, CancellationToken ct)
    {
        c.ConcurrencyStamp = Guid.NewGuid();
        db.Record(Now, await db.ActorAsync(user, ct), action, "Complaint", c.Id.ToString(), c.Reference, before, after);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(SharedText.ComplaintChangedMeanwhile);
        }
        return await ViewAsync(c.Id, forStaff: true, ct);
    }

    private async Task<ComplaintView> ViewAsync(Guid id, bool forStaff, CancellationToken ct)
    {
        var c = await db.Set<Complaint>().AsNoTracking().Include(x => x.Messages).FirstAsync(x => x.Id == id, ct);
        var people = c.Messages.Select(m => m.AuthorId).Append(c.AssigneeId).Append(c.CustomerId).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.Email), ct);
        var application = c.ApplicationId is { } a ? await db.Applications.Where(x => x.Id == a).Select(x => x.Reference).FirstOrDefaultAsync(ct) : null;
        var loan = c.LoanId is { } l ? await db.Loans.Where(x => x.Id == l).Select(x => x.Reference).FirstOrDefaultAsync(ct) : null;
        // The customer sees the lender answering (an empty author), not the name of the member of staff.
        string Author(ComplaintMessage m) => m.FromStaff && !forStaff ? "" : names.GetValueOrDefault(m.AuthorId).DisplayName ?? "";
        return new ComplaintView(c.Id, c.Reference, c.Category, c.Description, c.Status, c.CreatedAt, c.DueBy,
            c.Status != ComplaintStatus.Resolved && c.DueBy < Now, application, c.ApplicationId, loan, c.LoanId,
            forStaff && c.AssigneeId is { } who ? names.GetValueOrDefault(who).DisplayName : null,
            c.Resolution, c.ResolvedAt,
            [.. c.Messages.OrderBy(m => m.At).ThenBy(m => m.Id).Select(m => new ComplaintMessageView(m.At, m.FromStaff, Author(m), m.Text))],
            c.ConcurrencyStamp)
        {
            CustomerEmail = forStaff ? names.GetValueOrDefault(c.CustomerId).Email : null,
            AssigneeId = forStaff ? c.AssigneeId : null,
            CanAssignOthers = forStaff && user.Has(Permissions.AssignWork),
        };
    }
}
