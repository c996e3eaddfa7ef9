using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Audit;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Messages;
using Portal.Shared.Formatting;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Messages;

/// <summary>Messages and notifications over EF Core. Customers reach only their own threads; staff by permission.</summary>
public sealed class MessagesService(PortalDbContext db, ICurrentUser user, Notifier notifier, TimeProvider clock) : IMessagesService
{
    private string Me => user.Id ?? throw new ForbiddenException(SharedText.NotPermitted);
    private DateTimeOffset Now => clock.GetUtcNow();

    // ---- Notifications ------------------------------------------------------------------------

    public async Task<Inbox> InboxAsync(CancellationToken ct = default)
    {
        var me = Me;
        var items = await db.Set<Notification>().AsNoTracking().Where(n => n.UserId == me).OrderByDescending(n => n.At).ThenByDescending(n => n.Id).Take(20)
            .Select(n => new NotificationView(n.Id, n.At, n.Kind, n.Reference, n.State, n.Link, n.ReadAt == null))
            .ToListAsync(ct);
        var unread = await db.Set<Notification>().CountAsync(n => n.UserId == me && n.ReadAt == null, ct);
        return new Inbox(items, unread);
    }

    public async Task MarkInboxReadAsync(CancellationToken ct = default)
    {
        var me = Me;
        var now = Now;
        await db.Set<Notification>().Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    // ---- The customer's side ------------------------------------------------------------------

    public async Task<IReadOnlyList<ThreadSummary>> MyThreadsAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.ApplyForLoans);
        return await SummariesAsync(db.Set<Message>().Where(m => m.CustomerId == Me), forStaff: false, ct);
    }

    public async Task<ThreadView> ApplicationThreadAsync(Guid applicationId, CancellationToken ct = default)
    {
        var a = await MyApplicationAsync(applicationId, ct);
        // Shown with what was new, then marked read: the page can point out the new ones once.
        var thread = await ThreadAsync(db.Set<Message>().Where(m => m.ApplicationId == a.Id), a.Id, a.Reference, null, a.Reference, null, forStaff: false, ct);
        await MarkReadAsync(db.Set<Message>().Where(m => m.ApplicationId == a.Id && m.FromStaff), ct);
        return thread;
    }

    public async Task<ThreadView> SendOnApplicationAsync(Guid applicationId, SendMessage message, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([message]);
        var a = await MyApplicationAsync(applicationId, ct);
        db.Add(new Message { CustomerId = Me, ApplicationId = a.Id, SenderId = Me, Text = message.Text.Trim(), At = Now });
        // The case's customer manager sees it under their bell (staff work in the portal: no email for each message).
        if (Answerer(a) is { } assignee) notifier.Notify(assignee, NotificationKind.NewMessage, $"staff/applications/{a.Id}", Now, email: false, a.Reference);
        await db.SaveChangesAsync(ct);
        return await ApplicationThreadAsync(applicationId, ct);
    }

    public async Task<ThreadView> ProductThreadAsync(string productSlug, CancellationToken ct = default)
    {
        user.Require(Permissions.ApplyForLoans);
        var (id, name) = await ProductAsync(productSlug, ct);
        var me = Me;
        var thread = await ThreadAsync(db.Set<Message>().Where(m => m.CustomerId == me && m.ProductId == id), null, null, productSlug, name, null, forStaff: false, ct);
        await MarkReadAsync(db.Set<Message>().Where(m => m.CustomerId == me && m.ProductId == id && m.FromStaff), ct);
        return thread;
    }

    public async Task<ThreadView> AskAboutProductAsync(string productSlug, SendMessage message, CancellationToken ct = default)
    {
        user.Require(Permissions.ApplyForLoans);
        DomainValidationException.ThrowIfInvalid([message]);
        var (id, _) = await ProductAsync(productSlug, ct);
        db.Add(new Message { CustomerId = Me, ProductId = id, SenderId = Me, Text = message.Text.Trim(), At = Now });
        await db.SaveChangesAsync(ct);
        return await ProductThreadAsync(productSlug, ct);
    }

    // ---- The staff's side ---------------------------------------------------------------------

    /// <summary>
    /// Who answers the customer: their customer manager, also while the case waits for risk, an approver or payout
    /// (nobody holds it then); before a manager has taken it, whoever holds it.
    /// </summary>
    private static string? Answerer(LoanApplication a) => a.ManagerId ?? a.AssigneeId;

    public async Task<ThreadView> CaseThreadAsync(Guid applicationId, CancellationToken ct = default)
    {
        var a = await CaseAsync(applicationId, ct);
        var thread = await ThreadAsync(db.Set<Message>().Where(m => m.ApplicationId == a.Id), a.Id, a.Reference, null, a.Reference, a.CustomerId, forStaff: true, ct);
        // Read means read by whoever answers: the customer manager (anyone, while there is none), not a passing approver.
        if (Answerer(a) is not { } answerer || answerer == Me)
            await MarkReadAsync(db.Set<Message>().Where(m => m.ApplicationId == a.Id && !m.FromStaff), ct);
        return thread;
    }

    public async Task<ThreadView> ReplyOnCaseAsync(Guid applicationId, SendMessage message, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([message]);
        var a = await CaseAsync(applicationId, ct);
        var sent = new Message { CustomerId = a.CustomerId, ApplicationId = a.Id, SenderId = Me, FromStaff = true, Text = message.Text.Trim(), At = Now };
        db.Add(sent);
        db.Record(Now, await db.ActorAsync(user, ct), "SendMessage", "Application", a.Id.ToString(), a.Reference, null, new { Length = sent.Text.Length });
        notifier.Notify(a.CustomerId, NotificationKind.NewMessage, $"applications/{a.Id}", Now, email: true, a.Reference);
        await db.SaveChangesAsync(ct);
        return await CaseThreadAsync(applicationId, ct);
    }

    public async Task<IReadOnlyList<ThreadSummary>> ProductQuestionsAsync(CancellationToken ct = default)
    {
        user.Require(Permissions.ManageProducts);
        return await SummariesAsync(db.Set<Message>().Where(m => m.ProductId != null), forStaff: true, ct);
    }

    public async Task<ThreadView> ProductQuestionAsync(string customerId, string productSlug, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageProducts);
        var (id, name) = await ProductAsync(productSlug, ct);
        var thread = db.Set<Message>().Where(m => m.CustomerId == customerId && m.ProductId == id);
        if (!await thread.AnyAsync(ct)) throw new NotFoundException(SharedText.MessageThreadNotFound);
        var view = await ThreadAsync(thread, null, null, productSlug, name, customerId, forStaff: true, ct);
        await MarkReadAsync(thread.Where(m => !m.FromStaff), ct);
        return view;
    }

    public async Task<ThreadView> AnswerProductQuestionAsync(string customerId, string productSlug, SendMessage message, CancellationToken ct = default)
    {
        user.Require(Permissions.ManageProducts);
        DomainValidationException.ThrowIfInvalid([message]);
        var (id, _) = await ProductAsync(productSlug, ct);
        if (!await db.Set<Message>().AnyAsync(m => m.CustomerId == customerId && m.ProductId == id, ct)) throw new NotFoundException(SharedText.MessageThreadNotFound);
        db.Add(new Message { CustomerId = customerId, ProductId = id, SenderId = Me, FromStaff = true, Text = message.Text.Trim(), At = Now });
        db.Record(Now, await db.ActorAsync(user, ct), "AnswerProductQuestion", "Product", id.ToString(), null, null, new { customerId });
        notifier.Notify(customerId, NotificationKind.NewMessage, $"messages?product={Uri.EscapeDataString(productSlug)}", Now, email: true);
        await db.SaveChangesAsync(ct);
        return await ProductQuestionAsync(customerId, productSlug, ct);
    }

    // ---- Helpers ------------------------------------------------------------------------------

    // Another customer's application answers as if it did not exist.
    private async Task<LoanApplication> MyApplicationAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ApplyForLoans);
        var me = Me;
        return await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.CustomerId == me, ct)
            ?? throw new NotFoundException(SharedText.AppNotFound);
    }

    private async Task<LoanApplication> CaseAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.WorkCases);
        var me = Me;
        // Never the staff side of one's own application, whatever one's roles.
        return await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.State != ApplicationState.Draft && a.CustomerId != me, ct)
            ?? throw new NotFoundException(SharedText.AppNotFound);
    }

    private async Task<(int Id, string Name)> ProductAsync(string slug, CancellationToken ct)
    {
        var zh = Bilingual.IsChinese();
        var product = await db.Products.AsNoTracking().Where(p => p.Slug == slug)
            .Select(p => new { p.Id, Name = db.ProductVersions.Where(v => v.Id == p.CurrentVersionId).Select(v => zh && v.NameZh != "" ? v.NameZh : v.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException(SharedText.AppProductUnavailable);
        return (product.Id, product.Name ?? slug);
    }

    private async Task MarkReadAsync(IQueryable<Message> fromOtherSide, CancellationToken ct)
    {
        var now = Now;
        await fromOtherSide.Where(m => m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), ct);
    }

    private async Task<ThreadView> ThreadAsync(IQueryable<Message> thread, Guid? applicationId, string? reference, string? productSlug, string title,
        string? customerId, bool forStaff, CancellationToken ct)
    {
        var rows = await thread.AsNoTracking().OrderBy(m => m.At).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.At, m.FromStaff, m.Text, m.ReadAt, Sender = db.Users.Where(u => u.Id == m.SenderId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        var customerName = customerId is null ? null : await db.Users.Where(u => u.Id == customerId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        return new ThreadView(applicationId, reference, productSlug, title, customerId, customerName,
            rows.Select(m => new MessageView(m.Id, m.At, m.Sender ?? "", m.FromStaff, m.Text, m.FromStaff != forStaff && m.ReadAt == null)).ToList());
    }

    /// <summary>One line per thread: by application, or by customer and product; with what waits for the reader.</summary>
    private async Task<IReadOnlyList<ThreadSummary>> SummariesAsync(IQueryable<Message> messages, bool forStaff, CancellationToken ct)
    {
        var threads = await messages.AsNoTracking()
            .GroupBy(m => new { m.ApplicationId, m.ProductId, m.CustomerId })
            .Select(g => new
            {
                g.Key.ApplicationId, g.Key.ProductId, g.Key.CustomerId,
                Unread = g.Count(m => m.FromStaff != forStaff && m.ReadAt == null),
                LastId = g.Max(m => m.Id),
            })
            .ToListAsync(ct);
        var lastIds = threads.Select(t => t.LastId).ToList();
        var last = await db.Set<Message>().AsNoTracking().Where(m => lastIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var applicationIds = threads.Where(t => t.ApplicationId != null).Select(t => t.ApplicationId!.Value).ToList();
        var references = await db.Applications.AsNoTracking().Where(a => applicationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Reference, ct);
        var productIds = threads.Where(t => t.ProductId != null).Select(t => t.ProductId!.Value).ToList();
        var zh = Bilingual.IsChinese();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Slug, Name = db.ProductVersions.Where(v => v.Id == p.CurrentVersionId).Select(v => zh && v.NameZh != "" ? v.NameZh : v.Name).FirstOrDefault() })
            .ToDictionaryAsync(p => p.Id, ct);
        var customerIds = threads.Select(t => t.CustomerId).Distinct().ToList();
        var customers = forStaff ? await db.Users.AsNoTracking().Where(u => customerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, ct) : [];

        return threads.Select(t => new ThreadSummary(
                t.ApplicationId, t.ApplicationId is { } a ? references.GetValueOrDefault(a) : null,
                t.ProductId is { } p ? products[p].Slug : null,
                t.ApplicationId is { } app ? references.GetValueOrDefault(app) ?? "" : products[t.ProductId!.Value].Name ?? products[t.ProductId.Value].Slug,
                forStaff ? t.CustomerId : null, forStaff ? customers.GetValueOrDefault(t.CustomerId) : null,
                t.Unread, last[t.LastId].At, Preview(last[t.LastId].Text)))
            .OrderByDescending(t => t.Unread > 0).ThenByDescending(t => t.LastAt).ToList();
    }

    private static string Preview(string text) => text.Length <= 120 ? text : text[..117] + "…";
}
