using Mus.Web.Domain.Statistics;
using Mus.Web.Domain.Templates;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>
/// HR's round report: for one unit (with its sub-units) or one job group at a time, what the round's
/// held conversations produced — themes put on the agenda, competences against the standard, the
/// evaluation, the kinds of action agreed and how many items went further — beside the round before,
/// as charts with the same figures in tables, and as a CSV file of every group that may be shown. Only
/// structured answers, only groups that meet the rule of five, never a person.
/// </summary>
[Authorize(Policy = Policies.Hr)]
public sealed class IndexModel(AppDbContext db, FiguresPublication publication, PublishedTemplates templates, IStringLocalizer<Text> text) : PageModel
{
    /// <summary>A group the report knows; <see cref="People"/> only for a shown one (a hidden group's size is a figure too).</summary>
    public sealed record Option(string Key, string Label, int Depth, int? People, Suppression Reason);

    public sealed record Earlier(int Id, string Name);

    public int RoundId { get; private set; }

    public string RoundName { get; private set; } = "";

    /// <summary>The group chosen (<c>?gruppe=unit:12</c>); the largest shown when none is.</summary>
    [BindProperty(SupportsGet = true, Name = "gruppe")]
    public string? CutKey { get; set; }

    /// <summary>The round compared with (<c>?sammenlign=</c>): the latest earlier one by default; 0 for none.</summary>
    [BindProperty(SupportsGet = true, Name = "sammenlign")]
    public int? CompareWith { get; set; }

    /// <summary>The round's published figures; null until they are published (after the conversation deadline).</summary>
    public RoundReport? Report { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public DateOnly ConversationDeadline { get; private set; }

    public IReadOnlyList<Option> Options { get; private set; } = [];

    public IReadOnlyList<Earlier> EarlierRounds { get; private set; } = [];

    public string? EarlierName { get; private set; }

    /// <summary>The chosen group's figures, or null (then <see cref="Refusal"/> says why).</summary>
    public CutFigures? Figures { get; private set; }

    /// <summary>The same group's figures in the earlier round, when both rounds may show it.</summary>
    public CutFigures? Before { get; private set; }

    public string? Refusal { get; private set; }

    public string CutLabel { get; private set; } = "";

    public ReportLabels Labels { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync([FromRoute] int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Report is null)
        {
            return Page();
        }

        var key = CutKey ?? Options.FirstOrDefault(o => o.Reason == Suppression.None)?.Key;
        var option = Options.FirstOrDefault(o => o.Key == key);
        if (key is null)
        {
            return Page();
        }

        if (option is null)
        {
            // Not a group of this report.
            Refusal = text["Report.UnknownGroup"];
            return Page();
        }

        CutKey = option.Key;
        CutLabel = option.Label;
        Figures = Report.For(option.Key);
        if (Figures is null)
        {
            Refusal = Explain(option.Reason, Report.Decision(option.Key)?.Against);
            return Page();
        }

        if (CompareWith is > 0 and var earlierId && EarlierRounds.Any(r => r.Id == earlierId))
        {
            // The earlier round as it was published: its figures never change, so setting them beside this
            // round's tells nothing that each does not tell alone.
            var before = (await publication.ReadAsync(earlierId, cancellationToken))?.Report.For(option.Key);
            EarlierName = EarlierRounds.First(r => r.Id == earlierId).Name;
            Before = before is not null && SmallGroups.MayCompare(Figures.People, before.People, Report.Threshold) ? before : null;
        }

        return Page();
    }

    /// <summary>Every group that may be shown, a line per answer, as a spreadsheet file (<c>?handler=Csv</c>).</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromRoute] int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Report is null)
        {
            // No figures yet, so no file: the report's page says when they come (a bookmarked link lands there).
            return Page();
        }

        var safeName = new string(RoundName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return File(ReportCsv.Write(Report, Options, Labels, text), "text/csv; charset=utf-8", $"tal-{safeName}.csv");
    }

    /// <summary>HR publishes the figures before the deadline (the round is over early); from then on nobody can opt out, and the figures do not change.</summary>
    public async Task<IActionResult> OnPostPublishAsync([FromRoute] int id, CancellationToken cancellationToken)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == id, cancellationToken))
        {
            return NotFound();
        }

        await publication.PublishAsync(id, cancellationToken);
        TempData.Say(text["Report.PublishedNow"].Value);
        return Redirect($"/rounds/{id}/report");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var round = await db.Rounds.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Name, r.Year, r.ConversationDeadline }).SingleOrDefaultAsync(cancellationToken);
        if (round is null)
        {
            return false;
        }

        RoundId = id;
        RoundName = round.Name;
        ConversationDeadline = round.ConversationDeadline;
        EarlierRounds = await db.Rounds.AsNoTracking()
            // Earlier: an earlier year, or opened before it in the same year (SQLite cannot order by a time with an offset).
            .Where(r => r.Year < round.Year || (r.Year == round.Year && r.Id < id))
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Id)
            .Select(r => new Earlier(r.Id, r.Name))
            .ToListAsync(cancellationToken);
        CompareWith ??= EarlierRounds.FirstOrDefault()?.Id ?? 0;
        var published = await publication.ReadAsync(id, cancellationToken);
        if (published is null)
        {
            return true;
        }

        (Report, PublishedAt) = (published.Report, published.At);
        Labels = await ReportLabels.ForAsync(db, templates, id, cancellationToken);
        Options = await OptionsAsync(cancellationToken);
        return true;
    }

    // The units as a tree (each with the people at or below it), then the job groups.
    private async Task<IReadOnlyList<Option>> OptionsAsync(CancellationToken cancellationToken)
    {
        var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.Name, u.ParentId }).ToListAsync(cancellationToken);
        var groups = await db.JobGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Id, g.Name }).ToListAsync(cancellationToken);
        var children = units.ToLookup(u => u.ParentId);
        var options = new List<Option>();
        void Add(int? parent, int depth)
        {
            foreach (var unit in children[parent].OrderBy(u => u.Name, StringComparer.CurrentCulture))
            {
                if (Report!.Decision(OrganisationCuts.UnitKey(unit.Id)) is { } decision)
                {
                    options.Add(new Option(decision.Key, unit.Name, depth, decision.People, decision.Reason));
                }

                Add(unit.Id, depth + 1);
            }
        }

        Add(null, 0);
        foreach (var group in groups)
        {
            // Every job group is listed, one nobody counted in as one too small: whether anyone is in it is a figure too.
            var decision = Report!.Decision(OrganisationCuts.JobGroupKey(group.Id));
            options.Add(new Option(OrganisationCuts.JobGroupKey(group.Id), text["Report.JobGroup", group.Name], 0, decision?.People, decision?.Reason ?? Suppression.TooFew));
        }

        return options;
    }

    private string Explain(Suppression reason, string? against) => reason switch
    {
        Suppression.TooFew => text["Report.TooFew", Report!.Threshold],
        _ => text["Report.Differencing", Options.FirstOrDefault(o => o.Key == against)?.Label ?? text["Report.AnotherGroup"].Value, Report!.Threshold],
    };
}
