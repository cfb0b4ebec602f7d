using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Mus.Tests.Http;
using Mus.Tests.Infrastructure;
using Mus.Web.Data.Demo;

namespace Mus.Tests.Browser;

/// <summary>
/// Every page of the access matrix that a role may open, opened in Chromium as that role with an
/// empty cache: no console error, no failed or refused request (a missing icon, a CSP violation),
/// and no page heavier than its budget in bytes transferred.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageTourBrowserTests(BrowserSession session, ITestOutputHelper output)
{
    /// <summary>One visitor per role: the signed out, an employee, a leader, a leader of leaders, HR, an administrator.</summary>
    private static readonly string[] Roles =
        [AccessMatrix.Anonymous, DemoPeople.Employee, DemoPeople.CurrentLeader, DemoPeople.LeadersLeader, DemoPeople.Hr, DemoPeople.Administrator];

    /// <summary>A first visit with nothing cached: the document and everything it loads.</summary>
    private const int FirstLoadBudget = 100 * 1024;

    /// <summary>The API reference lists every operation and schema on one page (about 30 KB of HTML).</summary>
    private static readonly Dictionary<string, int> LargerBudgets = new() { ["api"] = 128 * 1024 };

    [Fact]
    public async Task EveryPage_AsEveryRole_LoadsCleanAndLight()
    {
        var ids = await AccessMatrix.Ids.LoadAsync(session.App);
        var problems = new List<string>();
        var weights = new StringBuilder();
        var pages = 0;
        foreach (var role in Roles)
        {
            var signedIn = role == AccessMatrix.Anonymous ? null : await SignedInStateAsync(role);
            // The browser's application has no single sign-on configured, so its landing page is not there.
            foreach (var endpoint in AccessMatrix.Endpoints.Where(e => e.Get.For(role) == Outcome.Ok && !e.Route.StartsWith("Account/SingleSignOn", StringComparison.Ordinal)))
            {
                var url = ids.Fill(endpoint.Url);
                var visit = await VisitAsync(url, signedIn);
                if (visit is null)
                {
                    continue; // Not a page: JSON, a PDF, a calendar, a health answer.
                }

                pages++;
                weights.AppendLine(CultureInfo.InvariantCulture, $"{role,-45} {url,-60} {visit.Requests,3} requests {visit.Bytes / 1024.0,7:F1} KB");
                problems.AddRange(visit.Problems.Select(p => $"{role} {url}: {p}"));
                var budget = LargerBudgets.GetValueOrDefault(endpoint.Route, FirstLoadBudget);
                if (visit.Bytes > budget)
                {
                    problems.Add($"{role} {url}: {visit.Bytes} bytes transferred on a first load, over the budget of {budget}");
                }
            }
        }

        output.WriteLine(weights.ToString());
        Assert.True(pages > 40, $"Only {pages} pages were toured: the matrix or the sign-in changed.");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task TheTour_SeesAMissingFileAndAnInlineStyle()
    {
        // The tour's own check, shown to fail: a page that refers to a file we do not serve and
        // carries an inline style is reported twice.
        var visit = await VisitAsync("/Profile", await SignedInStateAsync(DemoPeople.Employee), page => page.EvaluateAsync(
            "() => { const i = document.createElement('img'); i.src = '/lib/dkfds/img/svg-icons/not-there.svg'; document.body.append(i);" +
            " const s = document.createElement('style'); s.textContent = 'body{color:red}'; document.head.append(s); }"));

        Assert.NotNull(visit);
        Assert.Contains(visit.Problems, p => p.Contains("404", StringComparison.Ordinal) && p.Contains("not-there.svg", StringComparison.Ordinal));
        Assert.Contains(visit.Problems, p => p.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    private sealed record Visit(int Requests, long Bytes, IReadOnlyList<string> Problems);

    /// <summary>The cookies of a signed-in browser, so each page can be opened in a fresh context with an empty cache.</summary>
    private async Task<string> SignedInStateAsync(string email)
    {
        await using var context = await session.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Adgangskode").FillAsync(DemoOrganisation.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Log ind", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/SignIn", StringComparison.OrdinalIgnoreCase), new() { WaitUntil = WaitUntilState.Commit });
        return await context.StorageStateAsync();
    }

    private async Task<Visit?> VisitAsync(string url, string? storageState, Func<IPage, Task>? afterLoad = null)
    {
        await using var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = session.BaseAddress,
            IgnoreHTTPSErrors = true,
            StorageState = storageState,
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // A failed load is reported with its address below; the console's line names none.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("script error: " + error);
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Request.ResourceType != "document")
            {
                problems.Add($"{response.Status} for {response.Url}");
            }
        };

        IResponse? response;
        try
        {
            response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        }
        catch (PlaywrightException download) when (download.Message.StartsWith("Download is starting", StringComparison.Ordinal))
        {
            return null; // A file to save (the plan's PDF once there is a plan), not a page.
        }

        if (response is null || !(await response.HeaderValueAsync("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal))
        {
            return null;
        }

        if (response.Status != 200)
        {
            problems.Add($"the page answered {response.Status}");
        }

        // Fonts are fetched once the page is laid out, which may be after the load event.
        await page.EvaluateAsync("() => document.fonts.ready");

        if (afterLoad is not null)
        {
            await afterLoad(page);
            await page.WaitForTimeoutAsync(300);
        }

        // Every byte over the wire, headers included, as the browser counted it.
        var measured = await page.EvaluateAsync<double[]>(
            "() => { const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];" +
            " return [all.length, all.reduce((sum, e) => sum + e.transferSize, 0)]; }");
        return new Visit((int)measured[0], (long)measured[1], problems);
    }
}
