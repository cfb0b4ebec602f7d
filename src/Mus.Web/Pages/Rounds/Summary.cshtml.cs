using System.ComponentModel.DataAnnotations;
using Mus.Web.Domain.Statistics;
using Mus.Web.Domain.Templates;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Pages.Rounds.Report;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Rounds;

/// <summary>
/// After a round, the leader's page for the conversations they held: the same figures as HR's report
/// for their own people (when the rule of five lets them be shown), and the joint feedback the leader
/// writes in their own words and publishes to the team (the team's page, and a mail to each). Only a
/// leader who held or holds conversations in the round reaches it; anyone else gets 404.
/// </summary>
[Authorize(Policy = Policies.Leader)]
public sealed class SummaryModel(
    AppDbContext db, FiguresPublication publication, PublishedTemplates templates, CurrentUser me, TimeProvider time, PersonMail mail, PublicAddress publicAddress,
    Infrastructure.Email.OutboxDispatcher dispatcher, Report.StatisticsOptions statistics, IStringLocalizer<Text> text, Shared.MergeOrigins origins) : PageModel
{
    public string RoundName { get; private set; } = "";

    public int RoundId { get; private set; }

    public CutFiguresView? Figures { get; private set; }

    public string? Refusal { get; private set; }

    /// <summary>The unit whose figures the leader sees: the smallest that holds all the people they held conversations with.</summary>
    public string? UnitName { get; private set; }

    public RoundSummary? Stored { get; private set; }

    [BindProperty]
    [StringLength(RoundSummary.TextMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Summary.Text")]
    public string? Text { get; set; }

    [BindProperty]
    public long Version { get; set; }

    /// <summary>The text as the page started from it, and after a clash with another window what clashed.</summary>
    [BindProperty]
    public Shared.MergeInput Merge { get; set; } = new();

    private const string TextField = "text";

    public int MyId => Me;

    // Only people (leaders) reach this page; a leader always is one.
    private int Me => me.PersonId ?? 0;

    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Text = Stored?.Text;
        Version = Stored?.Version ?? 0;
        Merge.Within(origins, $"summary/{id}/{Me}").StartFrom(new Dictionary<string, string?> { [TextField] = Text });
        return Page();
    }

    public Task<IActionResult> OnPostAsync([FromRoute] int id) => SaveAsync(id, publish: false);

    public Task<IActionResult> OnPostPublishAsync([FromRoute] int id) => SaveAsync(id, publish: true);

    private async Task<IActionResult> SaveAsync(int id, bool publish)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var written = Text?.Trim() ?? "";
        if (publish && written.Length == 0)
        {
            ModelState.AddModelError(nameof(Text), text["Summary.Error.Empty"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var mine = new Dictionary<string, string?> { [TextField] = written };
        var now = time.GetUtcNow();
        var (firstPublication, published) = (false, false);
        var outcome = await Shared.MergingSave.SaveAsync(
            db,
            () => db.RoundSummaries.Where(s => s.RoundId == id && s.LeaderId == Me),
            () => new RoundSummary { RoundId = id, LeaderId = Me },
            Version,
            Merge.Within(origins, $"summary/{id}/{Me}"),
            mine,
            stored => new Dictionary<string, string?> { [TextField] = stored?.Text },
            async (summary, fields) =>
            {
                summary.Text = fields[TextField] ?? "";
                summary.UpdatedAt = now;
                firstPublication = publish && summary.PublishedAt is null;
                if (firstPublication)
                {
                    summary.PublishedAt = now;
                    await TellTheTeamAsync(id, summary.Text, now);
                }

                published = summary.PublishedAt is not null;
            });
        if (outcome is Shared.MergingSave.Saved)
        {
            dispatcher.Nudge();
            TempData.Say(text[firstPublication ? "Summary.Published" : published ? "Summary.Updated" : "Summary.Saved"].Value);
            return Redirect($"/rounds/{id}/summary");
        }

        // Saved meanwhile in another window, and this page changed the text too: nothing is overwritten.
        outcome.ShowRefusal(ModelState, text, "Summary.Error.Conflict", clashed => Version = clashed.Version);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The one field of the page, for the clash panel.</summary>
    public string LabelOf(string field) => text["Summary.Text"];

    // Everyone the leader leads now: the team that reads the page.
    private async Task TellTheTeamAsync(int roundId, string summary, DateTimeOffset now)
    {
        var leaderName = await db.People.Where(p => p.Id == Me).Select(p => p.Name).SingleAsync();
        var link = publicAddress.Page("/Team/Index", new { leaderId = Me });
        foreach (var member in await db.People.Where(p => p.LeaderId == Me).Select(p => p.Id).ToListAsync())
        {
            await mail.AddAsync(member, roundId, "round-summary", now, () => (
                text["Mail.Summary.Subject", leaderName, RoundName].Value,
                text["Mail.Summary.Body", leaderName, RoundName, summary, link].Value));
        }
    }

    private async Task<bool> LoadAsync(int id)
    {
        var round = await db.Rounds.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Name }).SingleOrDefaultAsync();
        var mine = round is not null && await db.Conversations.AnyAsync(c => c.RoundId == id && (c.HeldWithLeaderId == Me || c.LeaderId == Me));
        if (!mine)
        {
            return false;
        }

        RoundId = id;
        RoundName = round!.Name;
        Stored = await db.RoundSummaries.AsNoTracking().SingleOrDefaultAsync(s => s.RoundId == id && s.LeaderId == Me);
        // The figures of the smallest unit that holds everyone the leader held a conversation with (as of
        // the round): a cut HR's report has too, so that no figure here can be set beside one there.
        var threshold = statistics.Threshold;
        var heldUnits = await db.Conversations.AsNoTracking()
            .Where(c => c.RoundId == id && c.HeldWithLeaderId == Me && c.Status == ConversationStatus.Held && c.UnitIdAtRound != null)
            .Select(c => c.UnitIdAtRound!.Value).Distinct().ToListAsync();
        var parentOf = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ParentId);
        if (OrganisationCuts.SmallestHolding(parentOf, heldUnits) is not { } unit)
        {
            Refusal = text["Summary.NothingHeld"];
            return true;
        }

        UnitName = await db.OrgUnits.Where(u => u.Id == unit).Select(u => u.Name).SingleAsync();
        if (await publication.ReadAsync(id) is not { } published)
        {
            var deadline = await db.Rounds.Where(r => r.Id == id).Select(r => r.ConversationDeadline).SingleAsync();
            Refusal = text["Summary.NotPublished", deadline.ToString("d", System.Globalization.CultureInfo.CurrentCulture)];
            return true;
        }

        var key = OrganisationCuts.UnitKey(unit);
        if (published.Report.For(key) is { } figures)
        {
            var labels = await ReportLabels.ForAsync(db, templates, id);
            Figures = new CutFiguresView(new ReportSections(figures, null, labels, text), RoundName, null, null);
        }
        else
        {
            Refusal = published.Report.Decision(key) is { Reason: Suppression.Differencing }
                ? text["Summary.Differencing", UnitName, threshold]
                : text["Summary.TooFew", UnitName, threshold];
        }

        return true;
    }
}
