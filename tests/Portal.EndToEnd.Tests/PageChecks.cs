using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>What every browser test does on its pages: accessibility checks and waiting for Blazor.</summary>
public static class PageChecks
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation (WCAG 2.1 AA, SPEC §3).</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string? what = null)
    {
        AxeResult result = await page.RunAxe();
        var bad = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .ToList();
        if (bad.Count == 0) return;

        var message = new StringBuilder($"axe found {bad.Count} serious/critical violation(s) on {what ?? page.Url}:\n");
        foreach (var v in bad)
        {
            message.AppendLine($"- {v.Id} ({v.Impact}): {v.Help} [{v.HelpUrl}]");
            foreach (var node in v.Nodes.Take(10))
                message.AppendLine($"    target: {node.Target}   html: {Shorten(node.Html)}");
            if (v.Nodes.Length > 10) message.AppendLine($"    … and {v.Nodes.Length - 10} more");
        }
        Assert.Fail(message.ToString());
    }

    /// <summary>Waits until blazor.web.js has loaded and the page has stopped fetching (the WebAssembly runtime is in).</summary>
    /// <summary>The page fits the viewport's width (a phone): nothing but a scrolling region of its own may be wider.</summary>
    public static async Task AssertNoSidewaysScrollAsync(this IPage page, string what)
    {
        var sizes = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        var widest = await page.EvaluateAsync<string>(@"() => {
            const w = window.innerWidth; const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > w + 1 && getComputedStyle(el).position !== 'fixed') out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' right=' + Math.round(r.right));
            }
            return out.slice(0, 8).join('\n');
        }");
        Assert.True(sizes[0] <= sizes[1] + 1,
            $"{what} scrolls sideways: scrollWidth {sizes[0]} > innerWidth {sizes[1]}. Elements past the edge:\n{widest}");
    }

    public static async Task WaitForBlazorAsync(this IPage page)
    {
        await page.WaitForFunctionAsync("() => !!window.Blazor", null, new() { Timeout = (float)Timeout.TotalMilliseconds * 2 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = (float)Timeout.TotalMilliseconds * 2 });
        // An interactive page is ready once its layout has rendered in the browser (App.razor's "starting" class is gone).
        await page.WaitForFunctionAsync("() => !document.documentElement.classList.contains('starting')", null,
            new() { Timeout = (float)Timeout.TotalMilliseconds * 2 });
    }

    /// <summary>
    /// Does <paramref name="action"/> (a form submit or a link click that loads a new document) and waits until
    /// the new document has loaded, even when it has the same address (a form shown again with errors).
    /// </summary>
    public static async Task SubmitAndWaitAsync(this IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("() => { window.__portalE2eOldDocument = true; }");
        await action();
        await page.WaitForFunctionAsync("() => !window.__portalE2eOldDocument", null, new() { Timeout = (float)Timeout.TotalMilliseconds });
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>The &lt;input&gt; of a MudBlazor field tagged with data-testid (the attribute may sit on the input or around it).</summary>
    public static ILocator FieldInput(this IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    /// <summary>The input or text area of a MudBlazor field tagged with data-testid.</summary>
    public static ILocator FieldInputOrArea(this IPage page, string testId) => page.WizardField(testId);

    /// <summary>An input or text area of the application wizard, by its data-testid.</summary>
    public static ILocator WizardField(this IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First;

    /// <summary>Goes to the wizard's next step and waits for its heading.</summary>
    public static async Task WizardNextAsync(this IPage page, string stepHeading)
    {
        await page.TestId("wizard-next").ClickAsync();
        await Assertions.Expect(page.Locator("h2", new() { HasText = stepHeading }).First).ToBeVisibleAsync();
    }

    /// <summary>A small real PDF, as a scan would start.</summary>
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>Chooses a file for one required document on the documents step (the upload starts at once) and waits for it to show.</summary>
    public static async Task UploadDocumentAsync(this IPage page, string kind, string fileName, byte[]? content = null)
    {
        await page.Locator($"input[type=file][data-testid='upload-{kind}']").SetInputFilesAsync(new FilePayload
        {
            Name = fileName, MimeType = "application/pdf", Buffer = content ?? Pdf,
        });
        await Assertions.Expect(page.TestId("document-row").Filter(new() { HasText = kind })).ToContainTextAsync(fileName);
    }

    public static ILocator TestId(this IPage page, string testId) => page.Locator($"[data-testid='{testId}']");

    /// <summary>Opens a MudBlazor select tagged with data-testid and picks the option showing this text.</summary>
    public static async Task ChooseAsync(this IPage page, string testId, string option)
    {
        // MudBlazor 9 puts the attribute on the combobox itself, and lists the options in a popover. A click that
        // lands while the step is still rendering (its options loading) can leave the popover shut or empty, so
        // open it again a few times before failing.
        var choice = page.Locator(".mud-popover-open [role=option]", new() { HasText = option }).First;
        for (var attempt = 1; ; attempt++)
        {
            await page.TestId(testId).ClickAsync();
            try
            {
                await choice.WaitForAsync(new() { Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
        await choice.ClickAsync();
        await Assertions.Expect(page.TestId(testId)).ToContainTextAsync(option);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, or fails with <paramref name="because"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out: {because}");
            await Task.Delay(100);
        }
    }

    /// <summary>A money amount on screen ("¥2,345.67") as a number.</summary>
    public static decimal Amount(string text)
    {
        var digits = Regex.Replace(text, @"[^\d.\-]", "");
        return decimal.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Shorten(string? html) =>
        html is null ? "" : html.Length <= 160 ? html : html[..160] + "…";
}
