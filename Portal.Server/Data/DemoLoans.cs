using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Features.Applications;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Loans;
using Portal.Server.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;

namespace Portal.Server.Data;

/// <summary>
/// Loans already paid out to the demo customers, so that "My loans" has something to show on the first run:
/// Li Wei's personal loan with nothing due yet, and the tea house's business loan with its first instalment
/// three weeks overdue (for the collections queue and the daily run).
/// </summary>
public static class DemoLoans
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        if (await db.Loans.AnyAsync(ct)) return;
        await AddAsync(services, "customer@demo.portal", "everyday-personal-loan", "Li Wei", 30_000m, 12, RepaymentMethod.EqualInstalments, RiskGrade.B, daysAgo: 20,
            "manager@demo.portal", rating: 5, ct);
        await AddAsync(services, "business@demo.portal", "start-up-business-loan", "Chen Jing", 120_000m, 24, RepaymentMethod.EqualPrincipal, RiskGrade.C, daysAgo: 55,
            "manager2@demo.portal", rating: 4, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Adds (to the context's pending changes) a loan paid out <paramref name="daysAgo"/> days ago to the customer with that
    /// email, with its disbursed application, as the portal would have made it. Nothing when the customer or product is missing.
    /// </summary>
    public static async Task AddAsync(IServiceProvider services, string email, string slug, string name, decimal amount, int months, RepaymentMethod method,
        RiskGrade grade, int daysAgo, string managerEmail, int rating, CancellationToken ct)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        var calendar = services.GetRequiredService<LocalCalendar>();
        var disclosure = services.GetRequiredService<IOptions<DisclosureOptions>>().Value;
        var servicing = services.GetRequiredService<IOptions<ServicingOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var customerId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstOrDefaultAsync(ct);
        var productEntity = await db.Products.Include(p => p.CurrentVersion).FirstOrDefaultAsync(p => p.Slug == slug, ct);
        // A demo database someone has already changed (a product renamed, an account removed) just gets fewer demo loans.
        if (customerId is null || productEntity?.CurrentVersion is not { } version) return;
        var paidAt = now.AddDays(-daysAgo);
        var date = calendar.DateOn(paidAt);
        var product = version.Describe(slug, disclosure, date);
        if (product.RateFor(grade) is not { } rate) return;
        var schedule = product.Quote(amount, months, method, rate).Schedule;
        var application = new LoanApplication
        {
            Id = Guid.NewGuid(), Reference = References.Application(), CustomerId = customerId,
            ProductId = productEntity.Id, ProductVersionId = version.Id,
            ApplicantType = product.Kind == ProductKind.SmallBusiness ? ApplicantType.Business : ApplicantType.Individual,
            State = ApplicationState.Disbursed, AmountMinor = Money.ToMinor(amount), Months = months, Method = method,
            FullName = name, SearchName = name.ToLowerInvariant(), PermanentResident = true, ConsentCreditCheck = true, ConsentPrivacy = true,
            CreatedAt = paidAt.AddDays(-7), UpdatedAt = paidAt, SubmittedAt = paidAt.AddDays(-7),
            Grade = grade, ScoredGrade = grade, DecidedAt = paidAt.AddDays(-3),
            ManagerId = await db.Users.Where(u => u.Email == managerEmail).Select(u => u.Id).FirstOrDefaultAsync(ct),
            ReviewedById = await db.Users.Where(u => u.Email == managerEmail).Select(u => u.Id).FirstOrDefaultAsync(ct),
            AssessedAt = paidAt.AddDays(-4),
            OfferAmountMinor = Money.ToMinor(amount), OfferMonths = months, OfferRatePercent = rate,
            SignedName = name, SignedAt = paidAt.AddDays(-1), ContractText = "(demo contract)", ContractSha256 = new string('0', 64),
        };
        application.Events.Add(new ApplicationEvent { State = ApplicationState.Disbursed, At = paidAt, ActorId = "system", Action = "Disburse" });
        db.Applications.Add(application);
        // How the customer rated the decision: the dashboard's satisfaction has something to show.
        db.Add(new Features.Feedback.ServiceRating
        {
            ApplicationId = application.Id, CustomerId = customerId, Stage = Portal.Shared.Features.Feedback.RatingStage.Decision, Score = rating, At = paidAt.AddDays(-2),
        });
        var offer = new OfferTerms(amount, months, method, grade, rate, paidAt);
        var loan = Loan.Open(application, offer, schedule, product, date, paidAt, "DEMO-" + slug[..5].ToUpperInvariant(), "system", waivedFeeCode: null);
        var position = LoanBook.PositionOf(loan, product.Fees, servicing);
        LoanBook.Review(loan, position.Schedule, position.Paid, calendar.Today, position.Policy);
        db.Loans.Add(loan);
    }
}
