using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>Each test gets its own browser context (cookies, language, viewport) on the shared server and browser.</summary>
[Collection(PortalCollection.Name)]
public abstract class BrowserTest(PortalFixture portal) : IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];

    protected PortalFixture Portal { get; } = portal;
    protected IPage Page { get; private set; } = default!;

    /// <summary>Options of the test's main context (e.g. a phone viewport).</summary>
    protected virtual BrowserNewContextOptions ContextOptions => new();

    public virtual async Task InitializeAsync()
    {
        Portal.EnsureServerRunning();
        Page = await NewPageAsync(ContextOptions);
    }

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
    }

    protected async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Portal.NewContextAsync(options);
        context.SetDefaultTimeout((float)PageChecks.Timeout.TotalMilliseconds);
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    protected async Task<IResponse> GoToAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response!.Ok, $"GET {path} answered {response.Status}");
        return response;
    }

    /// <summary>Signs in with email and password on the static Identity form (selected by input ids, not wording).</summary>
    protected static async Task SubmitPasswordAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Login");
        await page.Locator("[id='Input.Email']").FillAsync(email);
        await page.Locator("[id='Input.Password']").FillAsync(password);
        await page.SubmitAndWaitAsync(() => page.Locator("form:has([id='Input.Password']) button[type=submit]").ClickAsync());
    }

    protected static ILocator SignOutButton(IPage page) => page.Locator("form[action$='Account/Logout'] button[type=submit]");
}
