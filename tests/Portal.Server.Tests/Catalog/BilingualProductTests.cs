using System.Net;
using System.Net.Http.Json;
using Portal.Server.Tests.Applications;
using Portal.Server.Tests.Infrastructure;
using Portal.Shared.Features.Applications;
using Portal.Shared.Features.Catalog;
using Portal.Shared.Features.Documents;
using Portal.Shared.Security;

namespace Portal.Server.Tests.Catalog;

/// <summary>
/// Product texts in English and Chinese (issue 14.5): readers get their language, silently the other one where it is
/// not written; staff see what is missing; figures in the texts come from the product's limits.
/// </summary>
[Collection(nameof(PortalCollection))]
public sealed class BilingualProductTests(PortalFactory app)
{
    private const string StaffProducts = ProductManagementTests.StaffProducts;

    private HttpClient Reader(string language)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private async Task<string> PageText(string url, string language)
    {
        var response = await Reader(language).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpClient> ProductManager(string language = "en")
    {
        // A product manager of their own: the API's answers (names in the reader's language) depend on the header set here.
        var client = await app.SignedInAsync(Roles.ProductManager);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static async Task<ProductAdminRow> Saved(HttpResponseMessage response) => await Applicants.Read<ProductAdminRow>(response);

    [Fact]
    public async Task A_Chinese_reader_gets_the_Chinese_name_summary_description_and_document_names()
    {
        var product = (await Reader("zh-CN").GetFromJsonAsync<ProductDetails>("/api/catalog/products/everyday-personal-loan"))!;

        Assert.Equal("日常个人贷款", product.Name);
        Assert.Equal("买车、进修、办婚礼，生活所需都能借。每月按期还款。", product.Summary);
        Assert.Equal("借款金额¥5,000.00至¥200,000.00，期限6至60个月。利率根据您的风险等级确定，整个贷款期内固定不变。", product.Description);
        // The documents stay keyed by their English names (uploads are filed under them); their names are the reader's.
        Assert.Equal(["National ID card", "Proof of income (last 3 payslips)"], product.RequiredDocuments);
        Assert.Equal(["居民身份证", "收入证明（近3个月工资单）"], product.DocumentNames);

        var html = await PageText("/products/everyday-personal-loan", "zh-CN");
        Assert.Contains("<h1>日常个人贷款</h1>", html);
        Assert.Contains(product.Description, html);
        Assert.Contains("<li>收入证明（近3个月工资单）</li>", html);
        Assert.DoesNotContain("Proof of income", html);
        Assert.Contains("日常个人贷款", await PageText("/products", "zh-CN"));
    }

    [Fact]
    public async Task An_English_reader_gets_the_English_texts_with_the_products_own_limits()
    {
        var product = (await Reader("en").GetFromJsonAsync<ProductDetails>("/api/catalog/products/start-up-business-loan"))!;

        Assert.Equal("Start-up & Small Business Loan", product.Name);
        Assert.StartsWith("From ¥50,000.00 to ¥1,000,000.00 over 12 to 60 months.", product.Description);
        Assert.Equal(product.RequiredDocuments, product.DocumentNames);
        Assert.DoesNotContain("{", product.Description);
    }

    [Fact]
    public async Task Missing_Chinese_falls_back_to_English_for_readers_and_is_marked_for_staff()
    {
        var staff = await ProductManager();
        var edit = ProductManagementTests.NewProduct("english-only-loan");
        edit.Name = "English Only Loan";
        edit.NameZh = "";
        edit.Description = "Between {MinAmount} and {MaxAmount}.";
        edit.RequiredDocuments = ["National ID card", "Latest payslip"];
        edit.RequiredDocumentsZh = ["居民身份证", ""];
        var row = await Saved(await staff.SendAsync(Api.Post(StaffProducts, edit)));
        await staff.SendAsync(Api.Post($"{StaffProducts}/{row.Id}/publish", new ProductStamp(row.ConcurrencyStamp)));

        var chinese = (await Reader("zh-CN").GetFromJsonAsync<ProductDetails>("/api/catalog/products/english-only-loan"))!;
        Assert.Equal("English Only Loan", chinese.Name);
        Assert.Equal("A product made by a test.", chinese.Summary);
        Assert.Equal("Between ¥1,000.00 and ¥10,000.00.", chinese.Description);
        Assert.Equal(["居民身份证", "Latest payslip"], chinese.DocumentNames);
        var page = await PageText("/products/english-only-loan", "zh-CN");
        Assert.Contains("<h1>English Only Loan</h1>", page);
        Assert.DoesNotContain("No Chinese", page);
        Assert.DoesNotContain("尚无中文", page);

        var listed = (await staff.GetFromJsonAsync<List<ProductAdminRow>>(StaffProducts))!.Single(r => r.Id == row.Id);
        Assert.Equal(["Name", "Summary", "Description", "RequiredDocuments"], listed.MissingChinese);
        var demo = (await staff.GetFromJsonAsync<List<ProductAdminRow>>(StaffProducts))!.Single(r => r.Slug == "everyday-personal-loan");
        Assert.Empty(demo.MissingChinese);
    }

    [Fact]
    public async Task Both_languages_saved_through_the_staff_api_come_back_as_written()
    {
        var staff = await ProductManager("zh-CN");
        var edit = ProductManagementTests.NewProduct("bilingual-loan");
        edit.Name = "Bilingual Loan";
        edit.NameZh = "双语贷款";
        edit.SummaryZh = "测试用的产品。";
        edit.Description = "From {MinAmount} over {MinMonths} to {MaxMonths} months.";
        edit.DescriptionZh = "{MinAmount}起，期限{MinMonths}至{MaxMonths}个月。";
        // An empty row (added in the editor, never filled) is dropped with its Chinese name.
        edit.RequiredDocuments = ["National ID card", " ", "Bank statement "];
        edit.RequiredDocumentsZh = ["居民身份证", "", "银行流水"];

        var row = await Saved(await staff.SendAsync(Api.Post(StaffProducts, edit)));
        Assert.Equal("双语贷款", row.Name); // the list speaks the reader's language
        Assert.Empty(row.MissingChinese);

        var stored = (await staff.GetFromJsonAsync<ProductEdit>($"{StaffProducts}/{row.Id}"))!;
        Assert.Equal(("Bilingual Loan", "双语贷款"), (stored.Name, stored.NameZh));
        Assert.Equal(("A product made by a test.", "测试用的产品。"), (stored.Summary, stored.SummaryZh));
        Assert.Equal(("From {MinAmount} over {MinMonths} to {MaxMonths} months.", "{MinAmount}起，期限{MinMonths}至{MaxMonths}个月。"),
            (stored.Description, stored.DescriptionZh));
        Assert.Equal(["National ID card", "Bank statement"], stored.RequiredDocuments);
        Assert.Equal(["居民身份证", "银行流水"], stored.RequiredDocumentsZh);

        // Adding the Chinese to a published product follows the product's rule: a new version, the old one kept.
        await staff.SendAsync(Api.Post($"{StaffProducts}/{row.Id}/publish", new ProductStamp(row.ConcurrencyStamp)));
        stored = (await staff.GetFromJsonAsync<ProductEdit>($"{StaffProducts}/{row.Id}"))!;
        stored.SummaryZh = "测试用的产品，已发布。";
        var next = await Saved(await staff.SendAsync(Api.Post(StaffProducts, stored)));
        Assert.Equal(2, next.Version);
        Assert.Equal("测试用的产品，已发布。", (await Reader("zh-CN").GetFromJsonAsync<ProductDetails>("/api/catalog/products/bilingual-loan"))!.Summary);
    }

    [Fact]
    public async Task An_unknown_placeholder_or_a_Chinese_document_without_its_English_name_is_refused()
    {
        var staff = await ProductManager();
        var unknown = ProductManagementTests.NewProduct("placeholder-typo-loan");
        unknown.DescriptionZh = "最高{MaxAmout}。";
        var refused = await staff.SendAsync(Api.Post(StaffProducts, unknown));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("{MaxAmout}", await refused.Content.ReadAsStringAsync());

        var orphan = ProductManagementTests.NewProduct("orphan-document-loan");
        orphan.RequiredDocuments = ["National ID card", ""];
        orphan.RequiredDocumentsZh = ["居民身份证", "银行流水"];
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.SendAsync(Api.Post(StaffProducts, orphan))).StatusCode);
    }

    [Fact]
    public async Task A_Chinese_customer_is_asked_for_documents_by_their_Chinese_names_and_uploads_under_the_same_keys()
    {
        var customer = await app.SignedInAsync(Roles.Customer);
        customer.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var draft = await Applicants.Read<ApplicationView>(await customer.SendAsync(Api.Post(Applicants.Api, new StartApplication("everyday-personal-loan"))));

        Assert.Equal("日常个人贷款", draft.ProductName);
        Assert.Equal("请上传：居民身份证", draft.MissingForSubmit[DocumentRules.FieldPrefix + "National ID card"]);

        var uploaded = await Applicants.Read<ApplicationView>(await customer.SendAsync(Applicants.Upload(draft.Id, "National ID card", Applicants.Pdf)));
        Assert.Equal("National ID card", Assert.Single(uploaded.Documents).Kind);
        Assert.False(uploaded.MissingForSubmit.ContainsKey(DocumentRules.FieldPrefix + "National ID card"));

        var mine = (await customer.GetFromJsonAsync<List<ApplicationSummary>>(Applicants.Api))!;
        Assert.Equal("日常个人贷款", Assert.Single(mine).ProductName);
    }
}
