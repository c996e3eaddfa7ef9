using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Data;
using Portal.Server.Features.Catalog;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Applications;

/// <summary>A customer's own applications over EF Core. Every query filters by the caller.</summary>
public sealed class ApplicationsService(
    PortalDbContext db, ICatalogService catalog, ICurrentUser user, IHttpContextAccessor http, TimeProvider clock,
    IDataProtectionProvider protection, IOptions<DisclosureOptions> disclosure) : IApplicationsService
{
    private IDataProtector NationalIds => protection.CreateProtector("Portal.Applications.NationalId");

    private string CustomerId
    {
        get
        {
            user.Require(Permissions.ApplyForLoans);
            return user.Id!;
        }
    }

    public async Task<ApplicationView> StartAsync(StartApplication request, CancellationToken ct = default)
    {
        var customerId = CustomerId;
        var product = await catalog.GetPublishedAsync(request.ProductSlug, ct)
            ?? throw new DomainValidationException(nameof(request.ProductSlug), SharedText.AppProductUnavailable);

        // Coming back to the same product resumes the draft rather than starting a second one.
        var existing = await Mine(customerId).Where(a => a.ProductId == product.Id && a.State == ApplicationState.Draft)
            .OrderByDescending(a => a.UpdatedAt).FirstOrDefaultAsync(ct);
        if (existing is not null) return await ViewAsync(existing, ct);

        var version = await db.ProductVersions.SingleAsync(v => v.ProductId == product.Id && v.Version == product.Version, ct);
        var now = clock.GetUtcNow();
        var application = new LoanApplication
        {
            Id = Guid.NewGuid(),
            Reference = NewReference(),
            CustomerId = customerId,
            ProductId = product.Id,
            ProductVersionId = version.Id,
            ApplicantType = product.Kind == ProductKind.SmallBusiness ? ApplicantType.Business : ApplicantType.Individual,
            State = ApplicationState.Draft,
            AmountMinor = Money.ToMinor(product.Example.Amount),
            Months = product.Example.Months,
            Method = product.Example.Method,
            CreatedAt = now,
            UpdatedAt = now,
        };
        application.Events.Add(new ApplicationEvent { State = ApplicationState.Draft, At = now, ActorId = customerId });
        db.Applications.Add(application);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another tab started this draft a moment ago: resume that one.
            db.ChangeTracker.Clear();
            var other = await Mine(customerId).FirstOrDefaultAsync(a => a.ProductId == product.Id && a.State == ApplicationState.Draft, ct);
            if (other is null) throw;
            return await ViewAsync(other, ct);
        }
        return await ViewAsync(application, ct);
    }

    public async Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(CancellationToken ct = default)
    {
        var rows = await Mine(CustomerId).AsNoTracking().OrderByDescending(a => a.UpdatedAt)
            .Select(a => new { a.Id, a.Reference, a.ProductVersion!.Name, a.State, a.AmountMinor, a.UpdatedAt })
            .ToListAsync(ct);
        return rows.Select(a => new ApplicationSummary(a.Id, a.Reference, a.Name, a.State, a.AmountMinor is { } m ? Money.FromMinor(m) : null, a.UpdatedAt))
            .ToList();
    }

    public async Task<ApplicationView?> GetMineAsync(Guid id, CancellationToken ct = default)
    {
        var application = await Mine(CustomerId).FirstOrDefaultAsync(a => a.Id == id, ct);
        return application is null ? null : await ViewAsync(application, ct);
    }

    public async Task<ApplicationView> SaveDraftAsync(Guid id, SaveDraft request, CancellationToken ct = default)
    {
        if (request.Draft is null) throw new DomainValidationException(nameof(request.Draft), SharedText.ValRequired);
        var application = await LoadMineAsync(id, request.ConcurrencyStamp, ct);
        if (!ApplicationWorkflow.IsEditable(application.State))
            throw new ConflictException(SharedText.AppNotEditable);
        ValidateForm(request.Draft);
        Apply(request.Draft, application);
        await SaveAsync(application, ct);
        return await ViewAsync(application, ct);
    }

    public async Task<ApplicationView> SubmitAsync(Guid id, ApplicationCommand request, CancellationToken ct = default)
    {
        var application = await LoadMineAsync(id, request.ConcurrencyStamp, ct);
        // Answering a request for information sends the application back to its reviewer; otherwise it is a first submission.
        var action = application.State == ApplicationState.NeedsInformation ? ApplicationAction.ProvideInformation : ApplicationAction.Submit;
        var transition = ApplicationWorkflow.Find(application.State, action) ?? throw new ConflictException(SharedText.AppNotAllowedNow);

        // The terms stay those of the application's own version, but a product taken off the catalog takes no new applications.
        var product = await ProductOfAsync(application, ct);
        if (action == ApplicationAction.Submit && await catalog.GetPublishedAsync(product.Slug, ct) is null)
            throw new ConflictException(SharedText.AppProductUnavailable);
        var missing = ToDraft(application, Reveal(application)).MissingForSubmit(product, application.ApplicantType, Today);
        if (missing.Count > 0)
            throw new DomainValidationException(missing.ToDictionary(m => m.Key, m => new[] { m.Value }), SharedText.AppIncomplete);

        Move(application, transition);
        if (action == ApplicationAction.Submit) application.SubmittedAt = clock.GetUtcNow();
        await SaveAsync(application, ct);
        return await ViewAsync(application, ct);
    }

    public async Task<ApplicationView> WithdrawAsync(Guid id, ApplicationCommand request, CancellationToken ct = default)
    {
        var application = await LoadMineAsync(id, request.ConcurrencyStamp, ct);
        var transition = ApplicationWorkflow.Find(application.State, ApplicationAction.Withdraw) ?? throw new ConflictException(SharedText.AppNotAllowedNow);
        Move(application, transition);
        await SaveAsync(application, ct);
        return await ViewAsync(application, ct);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private IQueryable<LoanApplication> Mine(string customerId) => db.Applications.Where(a => a.CustomerId == customerId);

    // Another customer's application answers exactly like one that does not exist.
    private async Task<LoanApplication> LoadMineAsync(Guid id, Guid stamp, CancellationToken ct)
    {
        var application = await Mine(CustomerId).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException(SharedText.AppNotFound);
        if (application.ConcurrencyStamp != stamp) throw new ConflictException(SharedText.AppChanged);
        db.Entry(application).Property(a => a.ConcurrencyStamp).OriginalValue = stamp;
        return application;
    }

    private void Move(LoanApplication application, Transition transition)
    {
        application.State = transition.To;
        application.Events.Add(new ApplicationEvent { State = transition.To, At = clock.GetUtcNow(), ActorId = user.Id! });
    }

    private async Task SaveAsync(LoanApplication application, CancellationToken ct)
    {
        application.UpdatedAt = clock.GetUtcNow();
        application.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(SharedText.AppChanged);
        }
    }

    private static void ValidateForm(ApplicationDraft draft)
    {
        var unknown = new List<ValidationResult>();
        if (draft.Method is { } m && !Enum.IsDefined(m)) unknown.Add(new ValidationResult(SharedText.AppMethod, [nameof(draft.Method)]));
        if (draft.Industry is { } i && !Enum.IsDefined(i)) unknown.Add(new ValidationResult(SharedText.ValRequired, [nameof(draft.Industry)]));
        DomainValidationException.ThrowIfInvalid([draft], unknown);
    }

    private void Apply(ApplicationDraft d, LoanApplication a)
    {
        a.AmountMinor = d.Amount is { } amount ? Money.ToMinor(amount) : null;
        a.Months = d.Months;
        a.Method = d.Method;
        a.FullName = Clean(d.FullName);
        // An empty ID means "keep the one on file": the browser never receives it back.
        if (Clean(d.NationalId)?.ToUpperInvariant() is { } nationalId)
        {
            a.NationalIdProtected = NationalIds.Protect(nationalId);
        }
        a.DateOfBirth = d.DateOfBirth;
        a.Phone = Clean(d.Phone);
        a.Address = Clean(d.Address);
        a.PermanentResident = d.PermanentResident;
        a.EmployerName = Clean(d.EmployerName);
        a.YearsEmployed = d.YearsEmployed;
        a.MonthlyIncomeMinor = d.MonthlyIncome is { } income ? Money.ToMinor(income) : null;
        a.BusinessName = Clean(d.BusinessName);
        a.RegistrationNumber = Clean(d.RegistrationNumber);
        a.Industry = d.Industry;
        a.YearsTrading = d.YearsTrading;
        a.AnnualRevenueMinor = d.AnnualRevenue is { } revenue ? Money.ToMinor(revenue) : null;
        a.MonthlyObligationsMinor = d.MonthlyObligations is { } obligations ? Money.ToMinor(obligations) : null;
        a.Purpose = Clean(d.Purpose);
        a.ConsentCreditCheck = d.ConsentCreditCheck;
        a.ConsentPrivacy = d.ConsentPrivacy;
        a.ConsentMarketing = d.ConsentMarketing;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private string? Reveal(LoanApplication a) => a.NationalIdProtected is { } id ? NationalIds.Unprotect(id) : null;

    /// <summary>The draft as the customer entered it. The national ID is in it only when given: a view shows its mask instead.</summary>
    private static ApplicationDraft ToDraft(LoanApplication a, string? nationalId = null) => new()
    {
        Amount = a.AmountMinor is { } amount ? Money.FromMinor(amount) : null,
        Months = a.Months,
        Method = a.Method,
        FullName = a.FullName,
        NationalId = nationalId,
        DateOfBirth = a.DateOfBirth,
        Phone = a.Phone,
        Address = a.Address,
        PermanentResident = a.PermanentResident,
        EmployerName = a.EmployerName,
        YearsEmployed = a.YearsEmployed,
        MonthlyIncome = a.MonthlyIncomeMinor is { } income ? Money.FromMinor(income) : null,
        BusinessName = a.BusinessName,
        RegistrationNumber = a.RegistrationNumber,
        Industry = a.Industry,
        YearsTrading = a.YearsTrading,
        AnnualRevenue = a.AnnualRevenueMinor is { } revenue ? Money.FromMinor(revenue) : null,
        MonthlyObligations = a.MonthlyObligationsMinor is { } obligations ? Money.FromMinor(obligations) : null,
        Purpose = a.Purpose,
        ConsentCreditCheck = a.ConsentCreditCheck,
        ConsentPrivacy = a.ConsentPrivacy,
        ConsentMarketing = a.ConsentMarketing,
    };

    /// <summary>The terms the application was made under: its own version, not the product's latest.</summary>
    private async Task<ProductDetails> ProductOfAsync(LoanApplication a, CancellationToken ct)
    {
        var version = a.ProductVersion ?? await db.ProductVersions.AsNoTracking().SingleAsync(v => v.Id == a.ProductVersionId, ct);
        var slug = await db.Products.Where(p => p.Id == a.ProductId).Select(p => p.Slug).SingleAsync(ct);
        return CatalogService.Describe(slug, version, disclosure.Value, Today);
    }

    private async Task<ApplicationView> ViewAsync(LoanApplication a, CancellationToken ct)
    {
        var product = await ProductOfAsync(a, ct);
        var events = await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == a.Id).ToListAsync(ct);
        var editable = ApplicationWorkflow.IsEditable(a.State);
        var principal = http.HttpContext?.User ?? new ClaimsPrincipal();
        var nationalId = Reveal(a);
        return new ApplicationView(
            a.Id, a.Reference, product.Slug, product.Name, product.Version, a.ApplicantType, a.State,
            ToDraft(a),
            nationalId is null ? null : Mask(nationalId),
            events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new TimelineEntry(e.State, e.At, e.CustomerNote)).ToList(),
            ApplicationWorkflow.ActionsFor(a.State, principal, isOwner: true)
                .Where(action => ApplicationWorkflow.Find(a.State, action)!.By == Actor.Owner).ToList(),
            editable ? ToDraft(a, nationalId).MissingForSubmit(product, a.ApplicantType, Today) : new Dictionary<string, string>(),
            a.UpdatedAt, a.ConcurrencyStamp, product);
    }

    private static string Mask(string nationalId) => new string('*', nationalId.Length - 4) + nationalId[^4..];

    private static string NewReference() => "HB-" + RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 8);
}
