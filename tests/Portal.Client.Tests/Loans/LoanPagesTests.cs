using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Client.Features.Loans;
using Portal.Client.Features.Payments;
using Portal.Shared.Features.Loans;
using Portal.Shared.Features.Payments;
using Portal.Shared.Lending;

namespace Portal.Client.Tests.Loans;

/// <summary>A stand-in for the loans and payments services, with a loan built by the real engine.</summary>
internal sealed class FakeLoans : ILoansService, IPaymentsService
{
    public static readonly Guid LoanId = Guid.Parse("5b6a0e1c-0000-4000-8000-000000000001");
    public static readonly Guid PaymentId = Guid.Parse("5b6a0e1c-0000-4000-8000-000000000002");

    public LoanDetails Loan = Build(overdue: false);
    public List<LoanListItem> Mine = [];
    public PaymentView Payment = new(PaymentId, "PY-TEST0001", LoanId, "LN-TEST0001", PaymentKind.Instalment, 1, 1_054.99m, "CNY",
        PaymentStatus.Pending, PaymentGateway.Test, null, false, DateTimeOffset.UnixEpoch, null);
    public readonly List<StartPayment> Started = [];
    public readonly List<TestOutcome> Answers = [];
    public Exception? StartFails;

    public static LoanDetails Build(bool overdue)
    {
        var schedule = Schedule.Build(new LoanTerms(12_000m, 9.6m, 12, RepaymentMethod.EqualInstalments, new DateOnly(2026, 10, 1), []));
        var today = overdue ? new DateOnly(2026, 11, 11) : new DateOnly(2026, 10, 20);
        var lines = schedule.Rows.Select(r =>
        {
            var late = overdue && r.Number == 1;
            return new ScheduleLine(r.Number, r.DueDate, r.Principal, r.Interest, r.Fee, 0m, late ? 2.75m : 0m, late ? 50m : 0m,
                r.Total + (late ? 52.75m : 0m), late ? 10 : 0, late ? InstalmentState.Overdue : InstalmentState.Upcoming);
        }).ToList();
        return new LoanDetails
        {
            Id = LoanId,
            Reference = "LN-TEST0001",
            ApplicationId = Guid.NewGuid(),
            ProductName = "Everyday Personal Loan",
            Currency = "CNY",
            State = LoanState.Active,
            Principal = 12_000m,
            PaidOut = 11_880m,
            RatePercent = 9.6m,
            Months = 12,
            Method = RepaymentMethod.EqualInstalments,
            DisbursementDate = new DateOnly(2026, 10, 1),
            ClosedOn = null,
            Today = today,
            Balance = 12_000m + (overdue ? lines[0].Owed - lines[0].Principal : 0m),
            Arrears = overdue ? lines[0].Owed : 0m,
            PenaltyInterest = overdue ? 2.75m : 0m,
            LateFees = overdue ? 50m : 0m,
            Credit = 0m,
            DaysPastDue = overdue ? 10 : 0,
            Classification = overdue ? LoanClassification.SpecialMention : LoanClassification.Normal,
            GraceDays = 3,
            PenaltyMarkupPercent = 50m,
            Next = lines[0],
            Schedule = lines,
            Payments = [],
        };
    }

    public Task<IReadOnlyList<LoanListItem>> MyLoansAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<LoanListItem>>(Mine);
    public Task<LoanDetails> LoanAsync(Guid id, CancellationToken ct = default) => Task.FromResult(Loan);
    public Task<PayoffQuote> PayoffAsync(Guid id, DateOnly? date, CancellationToken ct = default) =>
        Task.FromResult(new PayoffQuote(date ?? Loan.Today, date ?? Loan.Today, 12_000m, 31.56m, 0m, 0m, 0m, 0m, 240m));

    public Task<PaymentStarted> StartAsync(Guid loanId, StartPayment request, CancellationToken ct = default)
    {
        Started.Add(request);
        if (StartFails is not null) throw StartFails;
        return Task.FromResult(new PaymentStarted(PaymentId, "PY-TEST0001", 1m, $"/pay/test/{PaymentId}", PaymentGateway.Test));
    }

    public Task<PaymentView> PaymentAsync(Guid paymentId, CancellationToken ct = default) => Task.FromResult(Payment);

    public Task<PaymentView> CancelAsync(Guid paymentId, CancellationToken ct = default) =>
        Task.FromResult(Payment = Payment with { Status = PaymentStatus.Cancelled });

    public Task<PaymentView> CompleteTestAsync(Guid paymentId, TestOutcome outcome, CancellationToken ct = default)
    {
        Answers.Add(outcome);
        Payment = Payment with { Status = outcome == TestOutcome.Succeed ? PaymentStatus.Succeeded : PaymentStatus.Failed };
        return Task.FromResult(Payment);
    }
}

public sealed class LoanPagesTests : ClientTestContext
{
    private readonly FakeLoans loans = new();

    public LoanPagesTests()
    {
        Services.AddSingleton<ILoansService>(loans);
        Services.AddSingleton<IPaymentsService>(loans);
    }

    [Fact]
    public void No_loans_says_where_they_come_from()
    {
        var cut = Render<MyLoans>();
        Assert.Contains("Once an application is approved", cut.Find("[data-testid=loans-empty]").TextContent);
    }

    [Fact]
    public void The_loan_list_shows_the_next_payment_and_days_overdue()
    {
        loans.Mine = [new LoanListItem(FakeLoans.LoanId, "LN-TEST0001", "Everyday Personal Loan", 12_000m, 12_052.75m, new DateOnly(2026, 11, 1), 1_102.75m, 10, LoanState.Active, "CNY")];
        var row = Render<MyLoans>().Find("[data-testid=loan-row]");
        Assert.Contains("10 days overdue", row.TextContent);
        Assert.Contains("1,102.75", row.TextContent);
        Assert.Equal($"loans/{FakeLoans.LoanId}", row.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void An_overdue_loan_shows_its_penalty_and_paying_the_instalment_goes_to_the_checkout()
    {
        loans.Loan = FakeLoans.Build(overdue: true);
        var cut = Render<LoanPage>(p => p.Add(c => c.Id, FakeLoans.LoanId));

        Assert.Contains("2.75", cut.Find("[data-testid=loan-overdue]").TextContent);
        Assert.Contains("50.00", cut.Find("[data-testid=loan-overdue]").TextContent);
        var rows = cut.FindAll("[data-testid=schedule-row]");
        Assert.Equal(12, rows.Count);
        Assert.Equal("Overdue", rows[0].GetAttribute("data-state"));
        Assert.Contains("10 days overdue", rows[0].TextContent);

        cut.Find("[data-testid=pay-instalment]").Click();
        var started = Assert.Single(loans.Started);
        Assert.Equal((PaymentKind.Instalment, 1), (started.Kind, started.InstalmentNumber));
        Assert.EndsWith($"/pay/test/{FakeLoans.PaymentId}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void A_careless_amount_gets_its_reason_under_the_field_and_the_page_stays()
    {
        loans.StartFails = new ApiProblemException(HttpStatusCode.BadRequest, "Check the amount.",
            new Dictionary<string, string[]> { ["Amount"] = ["That is more than everything owed today (12,271.56)."] });
        var cut = Render<LoanPage>(p => p.Add(c => c.Id, FakeLoans.LoanId));

        cut.Find("[data-testid=other-amount] input, input[data-testid=other-amount]").Input("99999");
        cut.Find("[data-testid=pay-other]").Click();

        cut.WaitForAssertion(() => Assert.Contains("more than everything owed today", cut.Markup));
        Assert.EndsWith("/", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Contains("12,271.56", cut.Find("[data-testid=payoff-total]").TextContent);
    }

    [Fact]
    public void The_test_checkout_is_labelled_and_its_answer_leads_to_the_result()
    {
        var cut = Render<TestCheckout>(p => p.Add(c => c.PaymentId, FakeLoans.PaymentId));
        Assert.Contains("No card is charged", cut.Find("[data-testid=test-mode-banner]").TextContent);
        Assert.Contains("1,054.99", cut.Find("[data-testid=checkout-amount]").TextContent);

        cut.Find("[data-testid=test-succeed]").Click();
        Assert.Equal([TestOutcome.Succeed], loans.Answers);
        Assert.EndsWith($"/loans/{FakeLoans.LoanId}/payments/{FakeLoans.PaymentId}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void The_result_page_shows_the_receipt_once_the_payment_succeeded()
    {
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));
        loans.Payment = loans.Payment with { Status = PaymentStatus.Succeeded, ClosedLoan = true };
        var cut = Render<PaymentResult>(p => p.Add(c => c.LoanId, FakeLoans.LoanId).Add(c => c.PaymentId, FakeLoans.PaymentId));
        var status = cut.Find("[data-testid=payment-status]");
        Assert.Equal("Succeeded", status.GetAttribute("data-status"));
        Assert.Contains("PY-TEST0001", status.TextContent);
        Assert.Contains("repaid in full", status.TextContent);
    }

    [Fact]
    public void While_the_webhook_has_not_landed_the_result_page_says_it_is_waiting()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var cut = Render<PaymentResult>(p => p.Add(c => c.LoanId, FakeLoans.LoanId).Add(c => c.PaymentId, FakeLoans.PaymentId));
        Assert.Equal("Pending", cut.Find("[data-testid=payment-status]").GetAttribute("data-status"));
        Assert.Contains("updates by itself", cut.Markup);
    }
}
