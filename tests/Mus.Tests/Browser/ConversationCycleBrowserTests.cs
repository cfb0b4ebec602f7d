using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;
using Mus.Web.Domain.Conversations;
using UglyToad.PdfPig;

namespace Mus.Tests.Browser;

/// <summary>
/// Julie Ravn (on a phone-sized screen) and her leader Vibeke Nørgaard go through the whole cycle
/// in two browsers: both prepare, the leader schedules, shared guide, plan approved by both, PDF, evaluation, follow-up,
/// and the guide printed on one A3 sheet. Every page is scanned by axe-core.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConversationCycleBrowserTests(BrowserSession session)
{
    private const string EmployeeEmail = "julie.ravn@" + DemoOrganisation.Domain;

    private static async Task<IPage> SignedInAsync(IBrowserContext context, string email)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Adgangskode").FillAsync(DemoOrganisation.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Log ind" }).ClickAsync();
        await BrowserSession.WaitForPageAsync(page, "**/Start/**");
        return page;
    }

    private static async Task CheckAsync(IPage page, bool phone = false)
    {
        await BrowserSession.AssertAccessibleAsync(page);
        if (phone)
        {
            await BrowserSession.AssertFitsWidthAsync(page);
        }
    }

    /// <summary>Presses a button and waits for the next page's success message (the old page is marked, so its messages do not count).</summary>
    private static async Task ClickAndWaitForSuccessAsync(IPage page, string button)
    {
        await page.EvaluateAsync("document.body.dataset.left = 'yes'");
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await page.Locator("body:not([data-left]) .alert-success").First.WaitForAsync();
    }

    [Fact]
    public async Task EmployeeAndLeader_GoFromPreparationToApprovedPlanAndFollowUp()
    {
        var id = await session.App.WithDbAsync(db => db.Conversations
            .Where(c => c.Employee!.Email == EmployeeEmail && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        await using var employeeContext = await session.NewContextAsync(width: 320);
        await using var leaderContext = await session.NewContextAsync();
        var employee = await SignedInAsync(employeeContext, EmployeeEmail);
        var leader = await SignedInAsync(leaderContext, DemoPeople.OtherLeader);

        // Preparation, shared with the leader.
        await employee.GotoAsync($"/conversations/{id}/preparation");
        await CheckAsync(employee, phone: true);
        await employee.GetByLabel("Hvilke opgaver er lykkedes særligt godt, og hvad gjorde forskellen?").FillAsync("Omlægningen til digitale målere i mit område.");
        await ClickAndWaitForSuccessAsync(employee, "Del med Vibeke Nørgaard");

        // The leader prepares too, and proposes a time and place.
        await leader.GotoAsync($"/conversations/{id}/preparation");
        await CheckAsync(leader);
        await leader.GetByLabel("Hvilke nye opgaver kommer der, og hvad kræver de af medarbejderen?").FillAsync("Erhvervskunderne får egen indgang fra foråret.");
        await ClickAndWaitForSuccessAsync(leader, "Jeg er klar til samtalen");
        await leader.GotoAsync($"/conversations/{id}/schedule");
        await CheckAsync(leader);
        await leader.GetByLabel("Tidspunkt").FillAsync(TestClock.Midnight.AddDays(3).AddHours(13).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await leader.GetByLabel("Sted").FillAsync("Kundecentret, mødelokale 2");
        await ClickAndWaitForSuccessAsync(leader, "Gem tid og sted");
        await employee.GotoAsync("/start/employee");
        await CheckAsync(employee, phone: true);
        Assert.Contains("Kundecentret, mødelokale 2", await employee.Locator("main").TextContentAsync(), StringComparison.Ordinal);

        // The shared guide: agenda, notes, and the employee's shared preparation beside them.
        await leader.GotoAsync($"/conversations/{id}");
        await CheckAsync(leader);
        Assert.Contains("Omlægningen til digitale målere", await leader.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        await leader.GetByLabel("Opgaver", new() { Exact = true }).SelectOptionAsync("1");
        await leader.GetByLabel("Fælles noter om opgaver").FillAsync("Julie tager sig af målerspørgsmål fra erhvervskunder.");
        await ClickAndWaitForSuccessAsync(leader, "Gem noterne");
        await employee.GotoAsync($"/conversations/{id}");
        await CheckAsync(employee, phone: true);
        Assert.Equal("Julie tager sig af målerspørgsmål fra erhvervskunder.", await employee.GetByLabel("Fælles noter om opgaver").InputValueAsync());
        await ClickAndWaitForSuccessAsync(leader, "Gem og marker samtalen som holdt");

        // The plan: written by the leader, approved by both.
        await leader.GotoAsync($"/conversations/{id}/plan");
        await CheckAsync(leader);
        await leader.Locator("#goal-0-title").FillAsync("Blive go-to-person for erhvervskunder");
        await leader.Locator("#action-0-0-what").FillAsync("Kursus i erhvervsafregning");
        await leader.Locator("#action-0-0-how").SelectOptionAsync("course");
        await leader.Locator("#action-0-0-who").SelectOptionAsync("employee");
        await leader.Locator("#action-0-0-by").FillAsync(TestClock.Today.AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await leader.Locator("#action-0-0-further").CheckAsync();
        await leader.Locator("#action-0-0-further-text").FillAsync("Kursusønske: erhvervsafregning, 2 dage");
        await ClickAndWaitForSuccessAsync(leader, "Gem og godkend planen, som den står");
        await employee.GotoAsync($"/conversations/{id}/plan");
        await CheckAsync(employee, phone: true);
        await ClickAndWaitForSuccessAsync(employee, "Gem og godkend planen, som den står");
        Assert.Contains("godkendt af jer begge", await employee.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        await CheckAsync(employee, phone: true);

        var download = await employee.RunAndWaitForDownloadAsync(() => employee.GetByRole(AriaRole.Link, new() { Name = "Hent planen som PDF" }).ClickAsync());
        using (var pdf = PdfDocument.Open(await File.ReadAllBytesAsync((await download.PathAsync())!)))
        {
            var text = string.Concat(pdf.GetPages().SelectMany(p => p.Text).Where(c => !char.IsWhiteSpace(c)));
            Assert.Contains("Kursusønske:erhvervsafregning,2dage", text, StringComparison.Ordinal);
        }

        // Evaluation by the employee, a follow-up by the leader.
        await employee.GotoAsync($"/conversations/{id}/evaluation");
        await CheckAsync(employee, phone: true);
        await employee.GetByRole(AriaRole.Group, new() { Name = "Hvor udbytterig var samtalen for dig? (1 = slet ikke, 5 = i høj grad)" }).GetByLabel("4").CheckAsync();
        await ClickAndWaitForSuccessAsync(employee, "Gem min evaluering");
        await leader.GotoAsync($"/conversations/{id}/follow-ups");
        await CheckAsync(leader);
        await leader.GetByLabel("Det talte I om").FillAsync("Kurset er booket til marts.");
        await leader.GetByLabel("Status – Kursus i erhvervsafregning").SelectOptionAsync("InProgress");
        await ClickAndWaitForSuccessAsync(leader, "Gem opfølgningen");
        await employee.GotoAsync($"/conversations/{id}/follow-ups");
        await CheckAsync(employee, phone: true);
        Assert.Contains("Kurset er booket til marts.", await employee.Locator("main").TextContentAsync(), StringComparison.Ordinal);

        var status = await session.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());
        Assert.Equal(ConversationStatus.Held, status);
    }

    [Fact]
    public async Task TheGuide_WithNotesInEveryTheme_PrintsOnOneA3Sheet()
    {
        var id = await session.App.WithDbAsync(db => db.Conversations
            .Where(c => c.Employee!.Email == "kasper.bak@" + DemoOrganisation.Domain && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        await using var context = await session.NewContextAsync();
        var leader = await SignedInAsync(context, DemoPeople.OtherLeader);
        await leader.GotoAsync($"/conversations/{id}");
        // A full conversation: a few sentences in every note field and in the feedback and summary.
        const string Sentences = "Vi talte om, hvordan det går med de nye opgaver, og hvad der skal til, for at det fortsat går godt. Der er enighed om at prøve en ny fordeling af telefonvagterne i en måned og så se på det igen.";
        foreach (var field in await leader.Locator("main form textarea").AllAsync())
        {
            await field.FillAsync(Sentences);
        }

        await ClickAndWaitForSuccessAsync(leader, "Gem noterne");
        await leader.GotoAsync($"/conversations/{id}/print");
        await CheckAsync(leader);

        var sheet = await leader.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });

        using var pdf = PdfDocument.Open(sheet);
        Assert.Equal(1, pdf.NumberOfPages);
        var page = pdf.GetPage(1);
        // A3 landscape: 420 × 297 mm.
        Assert.Equal(1190.55, page.Width, 0);
        Assert.Equal(841.89, page.Height, 0);
        Assert.Contains("Vitalteom", string.Concat(page.Text.Where(c => !char.IsWhiteSpace(c))), StringComparison.Ordinal);
    }
}
