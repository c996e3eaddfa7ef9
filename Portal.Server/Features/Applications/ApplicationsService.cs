using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Data;
using Portal.Server.Features.Audit;
using Portal.Server.Features.Documents;
using Portal.Server.Features.Loans;
using Portal.Server.Features.Promotions;
using Portal.Shared.Features.Documents;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Formatting;
using Portal.Shared.Lending;
using Portal.Shared.Resources;
using Portal.Shared.Security;

namespace Portal.Server.Features.Applications;

/// <summary>A customer's own applications over EF Core. Every query filters by the caller.</summary>
public sealed class ApplicationsService(
    PortalDbContext db, ICatalogService catalog, ICurrentUser user, IHttpContextAccessor http, TimeProvider clock,
    NationalIds nationalIds, ApplicationTerms terms, PromotionRules promotions, MarketingConsent consent,
    ContractWriter contracts, DocumentStore store, IDocumentScanner scanner, LocalCalendar calendar) : IApplicationsService
{
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
            Reference = References.Application(),
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
        application.Events.Add(new ApplicationEvent { State = ApplicationState.Draft, Action = "Start", At = now, ActorId = customerId });
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
        var zh = Bilingual.IsChinese();
        var rows = await Mine(CustomerId).AsNoTracking().OrderByDescending(a => a.UpdatedAt)
            .Select(a => new { a.Id, a.Reference, Name = zh && a.ProductVersion!.NameZh != "" ? a.ProductVersion.NameZh : a.ProductVersion!.Name, a.State, a.AmountMinor, a.UpdatedAt })
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
        var identity = (application.FullName, application.NationalIdProtected, application.DateOfBirth);
        var marketing = application.ConsentMarketing;
        Apply(request.Draft, application);
        // Ticking or unticking the marketing box is an opt-in or opt-out, recorded like the one on My promotions.
        if (marketing != application.ConsentMarketing)
            await consent.SetAsync(application.CustomerId, application.ConsentMarketing, "application", ct);
        // The amount may still change before submitting, where it is checked; the rest is known now.
        if (application.State == ApplicationState.Draft && application.PromotionId is { } promotion
            && await promotions.ProblemAsync(application, promotion, ct, checkAmount: false) is { } problem)
            throw new DomainValidationException(nameof(ApplicationDraft.PromotionId), problem);
        // An answer to a request for information may change who the applicant says they are: then it is checked again.
        if (identity != (application.FullName, application.NationalIdProtected, application.DateOfBirth))
            application.IdentityVerifiedById = null;
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
        var product = await terms.OfAsync(application, ct);
        if (action == ApplicationAction.Submit && await catalog.GetPublishedAsync(product.Slug, ct) is null)
            throw new ConflictException(SharedText.AppProductUnavailable);
        var missing = await MissingAsync(application, product, nationalIds.Reveal(application), ct);
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

    /// <summary>What submitting still needs: the answers, and a usable file for each of the version's required documents.</summary>
    private async Task<Dictionary<string, string>> MissingAsync(LoanApplication a, ProductDetails product, string? nationalId, CancellationToken ct)
    {
        var missing = new Dictionary<string, string>(a.ToDraft(nationalId).MissingForSubmit(product, a.ApplicantType, Today));
        // The promotion is checked in full on the first submission; after that the application keeps it whatever happens to
        // the promotion, but an answer to a request for information cannot bring the amount below its minimum.
        if (a.PromotionId is { } promotion && await promotions.ProblemAsync(a, promotion, ct, amountOnly: a.State != ApplicationState.Draft) is { } problem)
            missing[nameof(ApplicationDraft.PromotionId)] = problem;
        foreach (var kind in DocumentRules.Missing(product.RequiredDocuments, await DocumentFiles.ListAsync(db, a.Id, ct)))
            missing[DocumentRules.FieldPrefix + kind] = string.Format(SharedText.DocNeeded, product.DocumentName(kind));
        return missing;
    }

    public async Task<ApplicationView> UploadDocumentAsync(Guid id, string kind, string fileName, Stream content, CancellationToken ct = default)
    {
        var application = await Mine(CustomerId).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException(SharedText.AppNotFound);
        if (!ApplicationWorkflow.IsEditable(application.State)) throw new ConflictException(SharedText.DocNotNow);
        var product = await terms.OfAsync(application, ct);
        if (!product.RequiredDocuments.Contains(kind)) throw new DomainValidationException(nameof(kind), SharedText.DocKindUnknown);
        // Replacements are kept for the record, so uploads are counted: enough for every document and a few retries.
        if (await db.Set<ApplicationDocument>().CountAsync(d => d.ApplicationId == id, ct) >= DocumentRules.MaxFilesPerApplication)
            throw new ConflictException(string.Format(SharedText.DocTooMany, DocumentRules.MaxFilesPerApplication));
        var (bytes, type) = await DocumentFiles.ReadCheckedAsync(content, ct);
        // Before anything is kept: a flagged file never reaches staff. (A scanner that cannot answer throws: refused, not kept unscanned.)
        var scan = await scanner.ScanAsync(bytes, ct);
        var now = clock.GetUtcNow();
        if (!scan.IsClean)
        {
            // The refusal is on the record (who, what, the scanner's finding); the file itself is not kept.
            db.Record(now, (user.Id!, user.Name ?? user.Id!), "RefuseInfectedDocument", "Application", id.ToString(), application.Reference, null,
                new { Kind = kind, ContentType = type, Size = bytes.Length, Sha256 = DocumentFiles.Sha256(bytes), scan.Threat });
            await db.SaveChangesAsync(ct);
            throw new DomainValidationException("File", string.Format(SharedText.DocInfected, scan.Threat));
        }

        var storageName = await store.SaveAsync(bytes, ct);
        // The new file takes the place of the earlier one of its kind, which is kept for the record.
        foreach (var earlier in await db.Set<ApplicationDocument>().Where(d => d.ApplicationId == id && d.Kind == kind && d.Status != DocumentStatus.Replaced).ToListAsync(ct))
            earlier.Status = DocumentStatus.Replaced;
        var document = new ApplicationDocument
        {
            Id = Guid.NewGuid(), ApplicationId = id, Kind = kind, FileName = DocumentFiles.CleanFileName(fileName, type), ContentType = type,
            Size = bytes.Length, Sha256 = DocumentFiles.Sha256(bytes), StorageName = storageName, UploadedAt = now,
            UploadedById = CustomerId, Status = DocumentStatus.Pending,
        };
        db.Add(document);
        db.Record(now, (user.Id!, user.Name ?? user.Id!), "UploadDocument", "Application", id.ToString(), application.Reference, null,
            new { document.Id, document.Kind, document.ContentType, document.Size, document.Sha256 });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await store.DeleteAsync(storageName);
            throw;
        }
        return await ViewAsync(application, ct);
    }

    /// <summary>One of the caller's documents, to download; null when it is not theirs or does not exist.</summary>
    public async Task<ApplicationDocument?> FindMyDocumentAsync(Guid id, Guid documentId, CancellationToken ct = default)
    {
        var customerId = CustomerId;
        return await db.Set<ApplicationDocument>().AsNoTracking()
            .Where(d => d.Id == documentId && d.ApplicationId == id && db.Applications.Any(a => a.Id == id && a.CustomerId == customerId))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<ApplicationView> AcceptOfferAsync(Guid id, ApplicationCommand request, CancellationToken ct = default)
    {
        var application = await LoadMineAsync(id, request.ConcurrencyStamp, ct);
        var transition = ApplicationWorkflow.Find(application.State, ApplicationAction.AcceptOffer) ?? throw new ConflictException(SharedText.AppNotAllowedNow);
        var offer = application.Offer()!;
        RequireValid(offer);
        // The contract is written once, now, in the customer's language; what they sign is exactly this text.
        var product = await terms.OfAsync(application, ct);
        var nationalId = nationalIds.Reveal(application);
        application.ContractText = contracts.Write(application, product, offer, LenderName, nationalId is null ? "" : NationalIds.Mask(nationalId), Today);
        application.ContractSha256 = ContractWriter.Sha256(application.ContractText);
        Move(application, transition);
        await SaveAsync(application, ct);
        return await ViewAsync(application, ct);
    }

    public async Task<ContractView?> GetContractAsync(Guid id, CancellationToken ct = default)
    {
        var contract = await Mine(CustomerId).Where(a => a.Id == id && a.ContractText != null)
            .Select(a => new { a.ContractText, a.ContractSha256 }).FirstOrDefaultAsync(ct);
        return contract is null ? null : new ContractView(contract.ContractText!, contract.ContractSha256!);
    }

    public async Task<ApplicationView> SignAsync(Guid id, SignContract request, CancellationToken ct = default)
    {
        DomainValidationException.ThrowIfInvalid([request]);
        var application = await LoadMineAsync(id, request.ConcurrencyStamp, ct);
        var transition = ApplicationWorkflow.Find(application.State, ApplicationAction.SignContract) ?? throw new ConflictException(SharedText.AppNotAllowedNow);
        RequireValid(application.Offer()!);
        if (!request.Consent) throw new DomainValidationException(nameof(request.Consent), SharedText.SignConsentNeeded);
        if (Normalize(request.TypedName) != Normalize(application.FullName))
            throw new DomainValidationException(nameof(request.TypedName), string.Format(SharedText.SignNameMustMatch, application.FullName));
        if (!string.Equals(request.ContractSha256, application.ContractSha256, StringComparison.OrdinalIgnoreCase))
            throw new ConflictException(SharedText.SignContractChanged);
        application.SignedName = request.TypedName.Trim();
        application.SignedAt = clock.GetUtcNow();
        application.SignedIp = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        Move(application, transition);
        await SaveAsync(application, ct);
        return await ViewAsync(application, ct);
    }

    /// <summary>The signed contract as a PDF, for its owner; null until it is signed.</summary>
    public async Task<byte[]?> GetSignedContractPdfAsync(Guid id, CancellationToken ct = default)
    {
        var application = await Mine(CustomerId).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.SignedAt != null, ct);
        return application is null ? null : contracts.SignedPdf(application);
    }

    private static string Normalize(string? name) => string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    private void RequireValid(OfferTerms offer)
    {
        if (clock.GetUtcNow() > offer.ExpiresAt)
            throw new ConflictException(string.Format(SharedText.OfferExpired, Display.Date(calendar.DateOn(offer.ExpiresAt))));
    }

    private string LenderName => contracts.LenderName;

    private DateOnly Today => calendar.Today;

    private IQueryable<LoanApplication> Mine(string customerId) => db.Applications.Where(a => a.CustomerId == customerId);

    // Another customer's application answers exactly like one that does not exist.
    private async Task<LoanApplication> LoadMineAsync(Guid id, Guid stamp, CancellationToken ct)
    {
        var application = await Mine(CustomerId).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException(SharedText.AppNotFound);
        if (application.ConcurrencyStamp != stamp) throw new ConflictException(SharedText.AppChanged);
        db.Entry(application).Property(a => a.ConcurrencyStamp).OriginalValue = stamp;
        return application;
    }

    private void Move(LoanApplication application, Transition transition) =>
        db.Move(application, transition, (user.Id!, user.Name ?? user.Id!), clock.GetUtcNow());

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
        catch (DbUpdateException) when (application.PromotionId is not null)
        {
            // Another application of the customer's took the promotion at the same moment (a unique index allows one live one).
            throw new DomainValidationException(nameof(ApplicationDraft.PromotionId), SharedText.PromoUsedElsewhere);
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
        a.FullName = Input.Clean(d.FullName);
        a.SearchName = (a.ApplicantType == ApplicantType.Business ? Input.Clean(d.BusinessName) : a.FullName)?.ToLowerInvariant();
        // An empty ID means "keep the one on file": the browser never receives it back.
        if (Input.Clean(d.NationalId)?.ToUpperInvariant() is { } nationalId)
        {
            a.NationalIdProtected = nationalIds.Protect(nationalId);
        }
        a.DateOfBirth = d.DateOfBirth;
        a.Phone = Input.Clean(d.Phone);
        a.Address = Input.Clean(d.Address);
        a.PermanentResident = d.PermanentResident;
        a.EmployerName = Input.Clean(d.EmployerName);
        a.YearsEmployed = d.YearsEmployed;
        a.MonthlyIncomeMinor = d.MonthlyIncome is { } income ? Money.ToMinor(income) : null;
        a.BusinessName = Input.Clean(d.BusinessName);
        a.RegistrationNumber = Input.Clean(d.RegistrationNumber);
        a.Industry = d.Industry;
        a.YearsTrading = d.YearsTrading;
        a.AnnualRevenueMinor = d.AnnualRevenue is { } revenue ? Money.ToMinor(revenue) : null;
        a.MonthlyObligationsMinor = d.MonthlyObligations is { } obligations ? Money.ToMinor(obligations) : null;
        a.Purpose = Input.Clean(d.Purpose);
        a.ConsentCreditCheck = d.ConsentCreditCheck;
        a.ConsentPrivacy = d.ConsentPrivacy;
        a.ConsentMarketing = d.ConsentMarketing;
        // Chosen before submitting only: after that the price it gives is the application's.
        if (a.State == ApplicationState.Draft) a.PromotionId = d.PromotionId;
    }

    private async Task<ApplicationView> ViewAsync(LoanApplication a, CancellationToken ct)
    {
        var product = await terms.OfAsync(a, ct);
        var events = await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == a.Id).ToListAsync(ct);
        var editable = ApplicationWorkflow.IsEditable(a.State);
        var principal = http.HttpContext?.User ?? new ClaimsPrincipal();
        var nationalId = nationalIds.Reveal(a);
        return new ApplicationView(
            a.Id, a.Reference, product.Slug, product.Name, product.Version, a.ApplicantType, a.State,
            a.ToDraft(),
            nationalId is null ? null : NationalIds.Mask(nationalId),
            // The customer's timeline is the moves of the state machine; staff steps within a state (assignment, checks) are theirs.
            events.Where(e => e.Action is "" or "Start" || Enum.TryParse<ApplicationAction>(e.Action, out _))
                .OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new TimelineEntry(e.State, e.At, e.CustomerNote)).ToList(),
            ApplicationWorkflow.ActionsFor(a.State, principal, isOwner: true)
                .Where(action => ApplicationWorkflow.Find(a.State, action)!.By == Actor.Owner).ToList(),
            editable ? await MissingAsync(a, product, nationalId, ct) : new Dictionary<string, string>(),
            a.UpdatedAt, a.ConcurrencyStamp, product)
        {
            Offer = a.Offer(),
            DeclineReasons = a.DeclineReasonsGiven(),
            Signature = a is { SignedName: { } name, SignedAt: { } at, ContractSha256: { } hash } ? new SignatureInfo(name, at, hash) : null,
            // Which member of staff reviewed a document is not the customer's business.
            Documents = [.. (await DocumentFiles.ListAsync(db, a.Id, ct)).Select(d => d with { ReviewedBy = null })],
            Loan = await db.LoanOfAsync(a.Id, ct),
            Promotion = await promotions.BenefitOfAsync(a.PromotionId, ct),
        };
    }
}
