using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Features.Catalog;
using Portal.Server.Features.Promotions;
using Portal.Shared.Features.Promotions;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Lending;
using Portal.Shared.Security;

namespace Portal.Server.Data;

/// <summary>
/// A fictitious lender, Harbour Bridge Credit: products of every kind and method, and one account per
/// role. Everything here is in the README; change both together. Product and promotion texts are written in
/// English and Chinese, with their amounts and terms as placeholders (<see cref="Portal.Shared.Formatting.TextFigures"/>).
/// </summary>
public static class DemoData
{
    public const string Password = "Portal-demo-2026";

    /// <summary>Base32 authenticator key shared by the demo staff accounts (add it to any authenticator app).</summary>
    public const string StaffAuthenticatorKey = "PORTALDEMOSTAFFAUTHENTICATORKEYA";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> Accounts =
    [
        ("customer@demo.portal", "Li Wei (customer)", Roles.Customer),
        ("business@demo.portal", "Chen Jing, Jade Tea House (customer)", Roles.Customer),
        ("manager@demo.portal", "Zhang Min (customer manager)", Roles.CustomerManager),
        ("manager2@demo.portal", "Huang Lei (customer manager)", Roles.CustomerManager),
        ("risk@demo.portal", "Wang Fang (risk officer)", Roles.RiskOfficer),
        ("approver@demo.portal", "Liu Yang (approver)", Roles.Approver),
        ("approver2@demo.portal", "Zhao Lei (approver)", Roles.Approver),
        ("operations@demo.portal", "Sun Hui (loan operations)", Roles.LoanOperations),
        ("marketing@demo.portal", "Zhou Xin (marketing)", Roles.Marketing),
        ("product@demo.portal", "Wu Qiang (product manager)", Roles.ProductManager),
        ("supervisor@demo.portal", "Xu Na (supervisor)", Roles.Supervisor),
        ("admin@demo.portal", "Ma Jun (administrator)", Roles.Administrator),
    ];

    /// <summary>The customer managers' teams (the dashboard's "by team").</summary>
    public static readonly IReadOnlyDictionary<string, string> Teams = new Dictionary<string, string>
    {
        ["manager@demo.portal"] = "Retail", ["manager2@demo.portal"] = "Business",
    };

    /// <summary>Authority limits: a loan above the highest one needs both approvers.</summary>
    public static readonly IReadOnlyDictionary<string, long> ApprovalLimits = new Dictionary<string, long>
    {
        ["approver@demo.portal"] = 100_000, ["approver2@demo.portal"] = 500_000,
    };

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        var users = services.GetRequiredService<UserManager<PortalUser>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        await ReferenceData.EnsureAsync(services); // made by the migration step; again here for a database migrated elsewhere

        foreach (var (email, name, role) in Accounts)
        {
            if (await users.FindByEmailAsync(email) is not null) continue;
            var user = new PortalUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now,
                ApprovalLimitMinor = ApprovalLimits.TryGetValue(email, out var limit) ? limit * 100 : null,
                Team = Teams.GetValueOrDefault(email),
            };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, role));
            if (role != Roles.Customer)
            {
                // Same store entry that the "set up authenticator app" page writes.
                Check(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", StaffAuthenticatorKey));
                Check(await users.SetTwoFactorEnabledAsync(user, true));
            }
        }

        if (!await db.Products.AnyAsync(ct))
        {
            foreach (var (edit, published) in Products())
            {
                var product = new Product { Slug = edit.Slug, UpdatedAt = now, IsPublished = published };
                var version = new ProductVersion { Version = 1, WasPublished = published, CreatedAt = now, CreatedBy = "seed" };
                CatalogService.Apply(edit, version);
                product.Versions.Add(version);
                db.Products.Add(product);
                await db.SaveChangesAsync(ct);
                product.CurrentVersionId = version.Id;
                await db.SaveChangesAsync(ct);
            }
        }

        if (!await db.Set<Promotion>().AnyAsync(ct))
        {
            var ids = await db.Products.ToDictionaryAsync(p => p.Slug, p => p.Id, ct);
            foreach (var p in Promotions(now, ids)) db.Add(p);
            await db.SaveChangesAsync(ct);
        }

        await DemoLoans.SeedAsync(services, ct);
        await DemoProspects.SeedAsync(services, ct);
    }

    /// <summary>
    /// Three published promotions, one of each kind, open from a few days before the first start; in English and
    /// Chinese, amounts as {MinAmount} so they show in the deployment's currency.
    /// </summary>
    private static IEnumerable<Promotion> Promotions(DateTimeOffset now, Dictionary<string, int> ids)
    {
        Promotion Open(string slug, (string En, string Zh) title, (string En, string Zh) summary, (string En, string Zh) description,
            (string En, string Zh) terms, int days, int? capacity, params string[] products) => new()
        {
            Slug = slug, Title = title.En, TitleZh = title.Zh, Summary = summary.En, SummaryZh = summary.Zh,
            DescriptionHtml = RichText.Sanitize(description.En), DescriptionHtmlZh = RichText.Sanitize(description.Zh), Terms = terms.En, TermsZh = terms.Zh,
            ProductIds = [.. products.Select(p => ids[p])], SignUpFrom = now.AddDays(-7), SignUpUntil = now.AddDays(days), Capacity = capacity,
            PublishedAt = now.AddDays(-7), CreatedAt = now.AddDays(-8), UpdatedAt = now.AddDays(-7), CreatedBy = "seed",
        };
        var welcome = Open("welcome-rate",
            ("Welcome rate: 1 point off", "新客专享：利率直降1个百分点"),
            ("New to Harbour Bridge Credit? Take a full point off the rate of a Salary Advance or an Everyday Personal Loan.",
             "首次在港桥信贷借款？申请工资预支贷款或日常个人贷款，名义利率直降1个百分点。"),
            ("<p>Your <strong>first loan</strong> with us costs less: the nominal rate of your grade, <em>minus one point</em>, for the whole loan.</p><ul><li>Sign up here</li><li>Choose the promotion when you apply</li><li>See the lower rate in your offer and your APR</li></ul>",
             "<p>您在港桥信贷的<strong>首笔贷款</strong>更省钱：在您风险等级对应的名义利率基础上<em>再减1个百分点</em>，整个贷款期内有效。</p><ul><li>在本页报名</li><li>申请贷款时选择本活动</li><li>贷款要约和年化利率中即可看到优惠后的利率</li></ul>"),
            ("For customers without a loan with Harbour Bridge Credit. One application per sign-up. The discount applies to the nominal rate for the whole term.",
             "仅限目前在港桥信贷没有贷款的客户。每次报名限用于一笔申请。优惠作用于名义利率，整个贷款期内有效。"),
            90, 500, "salary-advance", "everyday-personal-loan");
        welcome.Kind = PromotionKind.RateDiscount;
        welcome.DiscountBasisPoints = 100;
        welcome.NewCustomersOnly = true;
        var business = Open("business-no-arrangement-fee",
            ("Grow for less: no arrangement fee", "助力成长：免收手续费"),
            ("Borrow {MinAmount} or more for your business and pay no arrangement fee.", "企业借款{MinAmount}及以上，免收贷款手续费。"),
            ("<p>The <strong>arrangement fee</strong> of a Start-up &amp; Small Business Loan is waived on loans of {MinAmount} or more.</p>",
             "<p>创业及小微企业贷款金额达{MinAmount}及以上的，免收<strong>贷款手续费</strong>。</p>"),
            ("Loans of at least {MinAmount}. The arrangement fee is waived; every other fee applies as disclosed.",
             "适用于金额不低于{MinAmount}的贷款。免收手续费，其他各项费用按已披露的标准收取。"),
            60, 100, "start-up-business-loan");
        business.Kind = PromotionKind.FeeWaiver;
        business.WaivedFeeCode = "arrangement";
        business.MinAmountMinor = 5_000_000;
        var gift = Open("spring-tea-gift",
            ("A tea set with your loan", "借款即赠精美茶具"),
            ("Take out an Everyday Personal Loan and receive a Jade Tea House tea set.", "办理日常个人贷款，即赠翡翠茶馆茶具一套。"),
            ("<p>Sign up, take out your loan, and we send you a <strong>tea set</strong> from the Jade Tea House.</p>",
             "<p>报名并成功放款后，我们将为您寄送一套翡翠茶馆的<strong>精美茶具</strong>。</p>"),
            ("One gift per customer, sent within 30 days of the payout. While stocks last.", "每位客户限领一份，放款后30天内寄出。数量有限，送完即止。"),
            45, 200, "everyday-personal-loan");
        gift.Kind = PromotionKind.Gift;
        gift.Gift = "A Jade Tea House tea set";
        gift.GiftZh = "翡翠茶馆茶具一套";
        return [welcome, business, gift];
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    private static IEnumerable<(ProductEdit, bool Published)> Products()
    {
        yield return (new ProductEdit
        {
            Slug = "everyday-personal-loan", Name = "Everyday Personal Loan", NameZh = "日常个人贷款", Kind = ProductKind.PersonalConsumer,
            Summary = "For life's plans: a car, a course, a wedding. Fixed monthly payments.",
            SummaryZh = "买车、进修、办婚礼，生活所需都能借。每月按期还款。",
            Description = "Borrow from {MinAmount} to {MaxAmount} over {MinMonths} to {MaxMonths} months. Your rate depends on your risk grade and is fixed for the whole loan.",
            DescriptionZh = "借款金额{MinAmount}至{MaxAmount}，期限{MinMonths}至{MaxMonths}个月。利率根据您的风险等级确定，整个贷款期内固定不变。",
            MinAmount = 5_000, MaxAmount = 200_000, MinMonths = 6, MaxMonths = 60,
            Methods = [RepaymentMethod.EqualInstalments, RepaymentMethod.EqualPrincipal],
            GradeRates = [7.2m, 9.6m, 12.5m, 15.9m, null],
            Fees =
            [
                new() { Code = "arrangement", Kind = FeeKind.Upfront, PercentOfPrincipal = 1m, CapAmount = 1_000, DeductedFromPayout = true },
                new() { Code = "late-payment", Kind = FeeKind.Late, FixedAmount = 50 },
                new() { Code = "early-repayment", Kind = FeeKind.EarlyRepayment, PercentOfPrincipal = 2m, CapAmount = 2_000 },
            ],
            MinAge = 18, MaxAge = 65, MinMonthlyIncome = 4_000, ResidentsOnly = true,
            RequiredDocuments = ["National ID card", "Proof of income (last 3 payslips)"],
            RequiredDocumentsZh = ["居民身份证", "收入证明（近3个月工资单）"],
            ExampleAmount = 50_000, ExampleMonths = 24, ExampleMethod = RepaymentMethod.EqualInstalments, ExampleGrade = RiskGrade.B,
        }, true);

        yield return (new ProductEdit
        {
            Slug = "start-up-business-loan", Name = "Start-up & Small Business Loan", NameZh = "创业及小微企业贷款", Kind = ProductKind.SmallBusiness,
            Summary = "Working capital for small businesses and start-ups, with an interest-only start if you need it.",
            SummaryZh = "为小微企业和初创企业补充流动资金，需要时可先只付利息。",
            Description = "From {MinAmount} to {MaxAmount} over {MinMonths} to {MaxMonths} months. Repay equal principal each month, or pay interest only and the principal at the end.",
            DescriptionZh = "贷款金额{MinAmount}至{MaxAmount}，期限{MinMonths}至{MaxMonths}个月。可按月等额还本，也可按月付息、到期一次还本。",
            MinAmount = 50_000, MaxAmount = 1_000_000, MinMonths = 12, MaxMonths = 60,
            Methods = [RepaymentMethod.EqualPrincipal, RepaymentMethod.InterestOnly],
            GradeRates = [5.8m, 7.5m, 9.9m, 12.9m, 16.5m],
            Fees =
            [
                new() { Code = "arrangement", Kind = FeeKind.Upfront, PercentOfPrincipal = 1.5m, DeductedFromPayout = true },
                new() { Code = "account-service", Kind = FeeKind.PerInstalment, FixedAmount = 30 },
                new() { Code = "late-payment", Kind = FeeKind.Late, FixedAmount = 200 },
                new() { Code = "early-repayment", Kind = FeeKind.EarlyRepayment, PercentOfPrincipal = 1m, CapAmount = 5_000 },
            ],
            MinAge = 18, MaxAge = 70, MinMonthlyIncome = 0, MinYearsTrading = 1, ResidentsOnly = true,
            RequiredDocuments = ["Business registration certificate", "Bank statements (last 6 months)", "National ID card of the owner"],
            RequiredDocumentsZh = ["营业执照", "近6个月银行流水", "企业主居民身份证"],
            ExampleAmount = 300_000, ExampleMonths = 36, ExampleMethod = RepaymentMethod.EqualPrincipal, ExampleGrade = RiskGrade.C,
        }, true);

        yield return (new ProductEdit
        {
            Slug = "home-secured-loan", Name = "Home-Secured Loan", NameZh = "房产抵押贷款", Kind = ProductKind.Secured,
            Summary = "Lower rates for larger amounts, secured on property you own.",
            SummaryZh = "以自有房产作抵押，额度更高，利率更低。",
            Description = "From {MinAmount} to {MaxAmount} over {MinMonths} to {MaxMonths} months, secured on your home. A valuation fee is paid at drawdown.",
            DescriptionZh = "贷款金额{MinAmount}至{MaxAmount}，期限{MinMonths}至{MaxMonths}个月，以您的住房作抵押。放款时需另付房产评估费。",
            MinAmount = 100_000, MaxAmount = 3_000_000, MinMonths = 12, MaxMonths = 240,
            Methods = [RepaymentMethod.EqualInstalments],
            GradeRates = [4.2m, 4.9m, 5.9m, null, null],
            Fees =
            [
                new() { Code = "valuation", Kind = FeeKind.Upfront, FixedAmount = 2_000, DeductedFromPayout = false },
                new() { Code = "late-payment", Kind = FeeKind.Late, FixedAmount = 300 },
                new() { Code = "early-repayment", Kind = FeeKind.EarlyRepayment, PercentOfPrincipal = 1m, CapAmount = 10_000 },
            ],
            MinAge = 21, MaxAge = 65, MinMonthlyIncome = 8_000, ResidentsOnly = true,
            RequiredDocuments = ["National ID card", "Property ownership certificate", "Proof of income (last 6 payslips)"],
            RequiredDocumentsZh = ["居民身份证", "不动产权证书", "收入证明（近6个月工资单）"],
            ExampleAmount = 1_000_000, ExampleMonths = 120, ExampleMethod = RepaymentMethod.EqualInstalments, ExampleGrade = RiskGrade.B,
        }, true);

        yield return (new ProductEdit
        {
            Slug = "salary-advance", Name = "Salary Advance", NameZh = "工资预支贷款", Kind = ProductKind.PersonalConsumer,
            Summary = "A small, short loan repaid in one go or a few instalments.",
            SummaryZh = "小额短期借款，可一次还清，也可分几期还款。",
            Description = "From {MinAmount} to {MaxAmount} for {MinMonths} to {MaxMonths} months. A monthly service fee applies; it is included in the APR below.",
            DescriptionZh = "借款金额{MinAmount}至{MaxAmount}，期限{MinMonths}至{MaxMonths}个月。每月收取服务费，已计入下方的年化利率。",
            MinAmount = 1_000, MaxAmount = 20_000, MinMonths = 1, MaxMonths = 12,
            Methods = [RepaymentMethod.SingleRepayment, RepaymentMethod.EqualInstalments],
            GradeRates = [9.9m, 12.9m, 15.9m, 19.9m, 23.9m],
            Fees =
            [
                new() { Code = "service", Kind = FeeKind.PerInstalment, PercentOfPrincipal = 0.2m },
                new() { Code = "late-payment", Kind = FeeKind.Late, FixedAmount = 30 },
            ],
            MinAge = 18, MaxAge = 60, MinMonthlyIncome = 3_000, ResidentsOnly = true,
            RequiredDocuments = ["National ID card", "Latest payslip"],
            RequiredDocumentsZh = ["居民身份证", "最近一个月工资单"],
            ExampleAmount = 5_000, ExampleMonths = 6, ExampleMethod = RepaymentMethod.EqualInstalments, ExampleGrade = RiskGrade.C,
        }, true);

        yield return (new ProductEdit
        {
            Slug = "green-equipment-loan", Name = "Green Equipment Loan", NameZh = "绿色节能设备贷款", Kind = ProductKind.SmallBusiness,
            Summary = "Finance for energy-saving equipment (draft, not yet published).",
            SummaryZh = "为购置节能设备提供融资（草稿，尚未发布）。",
            MinAmount = 20_000, MaxAmount = 500_000, MinMonths = 12, MaxMonths = 48,
            Methods = [RepaymentMethod.EqualInstalments],
            GradeRates = [4.9m, 6.5m, 8.5m, null, null],
            Fees = [new() { Code = "arrangement", Kind = FeeKind.Upfront, FixedAmount = 500 }],
            RequiredDocuments = ["Business registration certificate", "Equipment quotation"],
            RequiredDocumentsZh = ["营业执照", "设备报价单"],
            ExampleAmount = 100_000, ExampleMonths = 36, ExampleMethod = RepaymentMethod.EqualInstalments, ExampleGrade = RiskGrade.B,
        }, false);
    }

    /// <summary>
    /// At start (the embedded default): migrations when <c>Database:MigrateAtStart</c>, then the demo data when asked.
    /// As the explicit step (<c>dotnet Portal.Server.dll migrate</c>, for several instances): migrations, the key ring's
    /// first key and the demo data, once, before any instance starts.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool explicitStep = false)
    {
        var config = app.Configuration;
        await using var scope = app.Services.CreateAsyncScope();
        if (explicitStep || config.GetValue("Database:MigrateAtStart", true))
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            if (explicitStep) app.Logger.LogInformation("Applying {Count} migration(s): {Names}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync();
            // SQLite plans queries from statistics it only gathers when asked: a new index without them can be
            // chosen wrongly (it made the work queue's default view hundreds of times slower at a million rows:
            // README, the staff work queue). After a migration, gather them. (PostgreSQL's autovacuum does this by itself.)
            if (pending.Count > 0 && db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("ANALYZE;");
            // Write-ahead logging is a property of the file: set once here, not on every connection (see SqliteReading).
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
            Infrastructure.KeyRing.EnsureKey(scope.ServiceProvider);
            await ReferenceData.EnsureAsync(scope.ServiceProvider);
        }
        if (config.GetValue("Database:SeedDemoData", false))
        {
            // The demo password and authenticator key are public (README): never in production.
            if (app.Environment.IsProduction())
                throw new InvalidOperationException("Database:SeedDemoData must not be set in Production: the demo accounts' password and authenticator key are public.");
            await SeedAsync(scope.ServiceProvider);
        }
    }
}
