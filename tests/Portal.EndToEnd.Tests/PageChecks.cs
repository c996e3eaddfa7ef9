using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.EndToEnd.Tests;

/// <summary>What every browser test does on its pages: accessibility and phone checks, and waiting for Blazor.</summary>
public static class PageChecks
{
    /// <summary>
    /// How long a step may take before a test fails: an action, a navigation, and an expectation on the page (see
    /// <see cref="PortalFixture"/>). Long, because the tests wait for what they expect to see and a passing test never
    /// waits this out, while on a busy machine (a build beside them, the other collection's server) a submission that
    /// scores and stores an application can take half a minute.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The width of the phone every page must fit (an iPhone 12 to 15 held upright).</summary>
    public const int PhoneWidth = 390;

    /// <summary>A browser context that is a phone from the start.</summary>
    public static BrowserNewContextOptions Phone() => new()
    {
        ViewportSize = new() { Width = PhoneWidth, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 3,
    };

    /// <summary>
    /// What every page a test looks at must pass: no component has failed (Blazor's error bar); axe-core finds no serious or critical violation (WCAG 2.1 AA, SPEC §3);
    /// no "{0}" is left unformatted in its text; and at <see cref="PhoneWidth"/> px (the window is narrowed to it for
    /// the check when the test's is wider) it does not scroll sideways and its title is not under the header (WCAG 1.4.10).
    /// </summary>
    public static async Task AssertAccessibleAsync(this IPage page, string? what = null)
    {
        what ??= page.Url;
        // Blazor shows its error bar when a component threw (e.g. an API call the endpoint refused).
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), $"{what} shows Blazor's \"An error has occurred\" bar: a component threw");
        await page.AssertNoPlaceholdersAsync(what);
        await page.AssertAxeFindsNothingSeriousAsync(what);
        await page.AssertFitsAPhoneAsync(what);
    }

    /// <summary>Runs axe-core (every rule) on the page as it is and fails on any serious or critical violation.</summary>
    /// <remarks>
    /// axe runs in the page itself, added once per document. Deque's <c>RunAxe</c> for Playwright is not used: it runs
    /// axe frame by frame and gathers the results in a new blank page each time, which cost about a second per check
    /// (the pages have no frames to gather).
    /// </remarks>
    public static async Task AssertAxeFindsNothingSeriousAsync(this IPage page, string what)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(AxeSource.Value);
        var bad = JsonSerializer.Deserialize<AxeViolation[]>(await page.EvaluateAsync<string>(@"async () => {
            const result = await axe.run(document, { resultTypes: ['violations'] });
            return JSON.stringify(result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({ target: n.target.flat(Infinity).join(' '), html: n.html })),
            })));
        }"), JsonSerializerOptions.Web)!;
        if (bad.Length > 0)
        {
            var message = new StringBuilder($"axe found {bad.Length} serious/critical violation(s) on {what}:\n");
            foreach (var v in bad)
            {
                message.AppendLine($"- {v.Id} ({v.Impact}): {v.Help} [{v.HelpUrl}]");
                foreach (var node in v.Nodes.Take(10))
                    message.AppendLine($"    target: {node.Target}   html: {Shorten(node.Html)}");
                if (v.Nodes.Length > 10) message.AppendLine($"    … and {v.Nodes.Length - 10} more");
            }
            Assert.Fail(message.ToString());
        }
    }

    /// <summary>axe-core's script as Deque's package carries it (the version the package pins).</summary>
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        using var stream = typeof(Deque.AxeCore.Commons.AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not in Deque.AxeCore.Commons any more");
        return new StreamReader(stream).ReadToEnd();
    });

    private sealed record AxeViolation(string Id, string Impact, string Help, string HelpUrl, AxeNode[] Nodes);

    private sealed record AxeNode(string Target, string Html);

    /// <summary>
    /// The page at <see cref="PhoneWidth"/> px: no sideways scrolling, and its h1 below the header and not covered by
    /// anything. A wider window is narrowed for the check and given its size back afterwards. With PORTAL_SCREENSHOTS
    /// set to a folder, a screenshot of the page at that width is kept there, to look at as a person would.
    /// </summary>
    public static async Task AssertFitsAPhoneAsync(this IPage page, string what)
    {
        var size = page.ViewportSize;
        var narrowed = size is not null && size.Width > PhoneWidth;
        if (narrowed) await page.SetViewportSizeAsync(PhoneWidth, 844);
        try
        {
            if (Environment.GetEnvironmentVariable("PORTAL_SCREENSHOTS") is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
                var name = Regex.Replace(what, @"[^\p{L}\p{N}-]+", "_").Trim('_');
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name[..Math.Min(name.Length, 120)] + ".png"), FullPage = true });
            }
            var problems = await PhoneProblemsAsync(page);
            Assert.True(problems.Length == 0, $"{what} at {PhoneWidth} px wide:\n{problems}");
        }
        finally
        {
            if (narrowed) await page.SetViewportSizeAsync(size!.Width, size.Height);
        }
    }

    /// <summary>What is wrong with the page at its present width: sideways scrolling, a title covered or off screen; empty when nothing.</summary>
    public static Task<string> PhoneProblemsAsync(IPage page) => page.EvaluateAsync<string>(@"() => {
        const problems = [];
        window.scrollTo(0, 0);
        // On a phone, a page wider than the screen widens the visual viewport (innerWidth) with it: the layout viewport is the measure.
        const w = Math.min(window.innerWidth, document.documentElement.clientWidth), sw = document.scrollingElement.scrollWidth;
        if (sw > w + 1) {
            const wide = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.right <= w + 1 || getComputedStyle(el).position === 'fixed') continue;
                // Inside a region that scrolls (or clips) on its own, only the region itself counts.
                let inScroller = false;
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    const o = getComputedStyle(p).overflowX;
                    if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') { inScroller = true; break; }
                }
                if (inScroller) continue;
                wide.push(el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '')
                    + ' right=' + Math.round(r.right) + ' «' + (el.textContent || '').trim().slice(0, 40) + '»');
            }
            problems.push(`scrolls sideways: scrollWidth ${sw} > innerWidth ${w}; past the edge:\n  ` + wide.slice(0, 8).join('\n  '));
        }
        for (const t of document.querySelectorAll('main table')) {
            const r = t.getBoundingClientRect();
            if (r.width > 0 && r.right > w + 1)
                problems.push(`a table (${t.dataset.testid ?? t.querySelector('th')?.innerText ?? ''}) is ${Math.round(r.width)} px wide: some of its columns are off screen`);
        }
        const h1 = [...document.querySelectorAll('h1')].find(h => h.getClientRects().length > 0);
        const header = document.querySelector('.mud-appbar');
        if (!h1) problems.push('has no visible h1');
        else {
            const r = h1.getBoundingClientRect();
            const headerBottom = header ? header.getBoundingClientRect().bottom : 0;
            const name = `h1 «${h1.innerText.trim().slice(0, 60)}»`;
            if (r.top < headerBottom - 0.5) problems.push(`${name} starts at ${Math.round(r.top)} px, above the header's bottom at ${Math.round(headerBottom)} px`);
            if (r.right > w + 1) problems.push(`${name} runs past the right edge (${Math.round(r.right)} px)`);
            // The middle of the title's first line of text (the h1's box is as wide as the page).
            const range = document.createRange(); range.selectNodeContents(h1);
            const line = range.getClientRects()[0] ?? r;
            const x = Math.min(line.left + line.width / 2, w - 1), y = line.top + line.height / 2;
            if (y < 0 || y >= window.innerHeight) problems.push(`${name} is not on the first screen (its top at ${Math.round(r.top)} px)`);
            else {
                const hit = document.elementFromPoint(x, y);
                if (!hit || !(hit === h1 || h1.contains(hit)))
                    problems.push(`${name} is covered at (${Math.round(x)}, ${Math.round(y)}) by ` + (hit ? hit.outerHTML.slice(0, 120) : 'nothing'));
            }
        }
        return problems.join('\n');
    }");

    /// <summary>No text on the page (hidden text, accessible names and the title included) is a resource string left unformatted, like "({0} instalments)".</summary>
    public static async Task AssertNoPlaceholdersAsync(this IPage page, string what)
    {
        var found = await page.EvaluateAsync<string[]>(@"() => {
            const placeholder = /\{\d+(,[^}]*)?(:[^}]*)?\}/, out = [];
            // No filter callback: a page that runs no script cannot call one.
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode())
                if (!/^(SCRIPT|STYLE|TEMPLATE)$/.test(n.parentElement?.tagName ?? '') && placeholder.test(n.nodeValue)) out.push(n.nodeValue.trim().slice(0, 120));
            const names = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'];
            for (const el of document.querySelectorAll(names.map(a => `[${a}]`).join(',')))
                for (const a of names) if (placeholder.test(el.getAttribute(a) ?? '')) out.push(`${a}=""${el.getAttribute(a)}""`);
            if (placeholder.test(document.title)) out.push('<title> ' + document.title);
            return out.slice(0, 10);
        }");
        Assert.True(found.Length == 0, $"{what} shows text with an unformatted placeholder:\n  {string.Join("\n  ", found)}");
    }

    /// <summary>Waits until blazor.web.js has loaded and, on a page that runs in the browser, WebAssembly has taken it over.</summary>
    public static async Task WaitForBlazorAsync(this IPage page)
    {
        await page.WaitForFunctionAsync("() => !!window.Blazor", null, new() { Timeout = (float)Timeout.TotalMilliseconds * 2 });
        // An interactive page is ready once its layout has rendered in the browser (App.razor's "starting" class is gone).
        await page.WaitForFunctionAsync("() => !document.documentElement.classList.contains('starting')", null,
            new() { Timeout = (float)Timeout.TotalMilliseconds * 2 });
    }

    /// <summary>
    /// Goes to <paramref name="path"/> inside the running app, as following a link does (Blazor's router renders the page
    /// in the browser, no new document), and waits until the page's title has changed to the new page's.
    /// </summary>
    public static async Task NavigateInAppAsync(this IPage page, string path)
    {
        if (await page.EvaluateAsync<bool>("path => location.href === new URL(path, document.baseURI).href", path)) return;
        await page.EvaluateAsync(@"path => {
            const title = [...document.querySelectorAll('h1')].find(h => h.getClientRects().length > 0);
            window.__portalE2eOldTitle = [title, title?.innerText];
            Blazor.navigateTo(path);
        }", path);
        await page.WaitForFunctionAsync(@"path => {
            if (location.href !== new URL(path, document.baseURI).href) return false;
            const title = [...document.querySelectorAll('h1')].find(h => h.getClientRects().length > 0);
            const [oldTitle, oldText] = window.__portalE2eOldTitle;
            return !!title && (title !== oldTitle || title.innerText !== oldText);
        }", path, new() { Timeout = (float)Timeout.TotalMilliseconds });
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
