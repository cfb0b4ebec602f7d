using System.ComponentModel.DataAnnotations;

namespace Mus.Web.Pages.Rounds;

/// <summary>
/// How far a round has come: counts by state, a bar per unit, reminders sent and next, mail that
/// could not be delivered, and a page of conversations (all, or one unit's) with status and dates
/// only. HR sees no content here, only whether each party's preparation is ready.
/// </summary>
[Authorize(Policy = Policies.Hr)]
public sealed class ProgressModel(AppDbContext db, RoundFigures roundFigures, TimeProvider time, IStringLocalizer<Text> text) : PageModel
{
    public const int PageSize = 50;

    public sealed record Summary(string Name, int Year, string Template, DateOnly PreparationDeadline, DateOnly ConversationDeadline, string? FocusText);

    public sealed record Line(int Id, string Employee, string Unit, string Leader, ConversationStatus Status, bool EmployeeReady, bool LeaderReady);

    public Summary Round { get; private set; } = null!;

    public int Total { get; private set; }

    public int Held { get; private set; }

    public int Excused { get; private set; }

    public int Declined { get; private set; }

    public IReadOnlyList<UnitProgress.Row> Units { get; private set; } = [];

    /// <summary>
    /// The unit rows shown: the chosen unit (or the top unit) and one page of the units directly below
    /// it. The whole tree of a large organisation is hundreds of rows; one level at a time stays readable,
    /// and a unit's name leads one level down.
    /// </summary>
    public IReadOnlyList<UnitProgress.Row> UnitRows { get; private set; } = [];

    public int UnitPages { get; private set; } = 1;

    public const int UnitsPerPage = 50;

    [BindProperty(SupportsGet = true, Name = "enhedsside")]
    public int UnitPage { get; set; } = 1;

    public int RemindersSent { get; private set; }

    /// <summary>When the figures were counted (<see cref="RoundFigures"/>: at most a few seconds ago).</summary>
    public DateTimeOffset CountedAt { get; private set; }

    /// <summary>The next day a preparation reminder goes to those not ready, if any is still to come.</summary>
    public DateOnly? NextReminder { get; private set; }

    public sealed record Undelivered(string To, string? Error, DateTime DeadAt);

    /// <summary>The round's mails given up on (the newest few), and how many there are.</summary>
    public IReadOnlyList<Undelivered> DeadMails { get; private set; } = [];

    public int DeadMailCount { get; private set; }

    /// <summary>The unit whose people the list shows (<c>?enhed=</c>), with its sub-units; null for all.</summary>
    [BindProperty(SupportsGet = true, Name = "enhed")]
    public int? UnitFilter { get; set; }

    public string? UnitFilterName { get; private set; }

    public int RouteRoundId { get; private set; }

    public int EmployeesReady { get; private set; }

    public int LeadersReady { get; private set; }

    public bool PastDeadline { get; private set; }

    public IReadOnlyList<Line> Conversations { get; private set; } = [];

    public int Matches { get; private set; }

    [BindProperty(SupportsGet = true)]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Organisation.Search")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "side")]
    [Range(1, int.MaxValue, ErrorMessage = "Validation.ValueInvalid")]
    public int PageNumber { get; set; } = 1;

    private void ShowUnitLevel()
    {
        var roots = Units.Where(u => u.Depth == 0).ToList();
        var parent = UnitFilter is { } chosen ? Units.FirstOrDefault(u => u.UnitId == chosen) : roots.Count == 1 ? roots[0] : null;
        List<UnitProgress.Row> children;
        if (parent is null)
        {
            children = roots;
        }
        else
        {
            var index = Units.ToList().IndexOf(parent);
            children = [.. Units.Skip(index + 1).TakeWhile(u => u.Depth > parent.Depth).Where(u => u.Depth == parent.Depth + 1)];
        }

        UnitPages = Math.Max(1, (children.Count + UnitsPerPage - 1) / UnitsPerPage);
        UnitPage = Math.Clamp(UnitPage, 1, UnitPages);
        UnitRows = [.. (parent is null ? [] : new[] { parent }).Concat(children.Skip((UnitPage - 1) * UnitsPerPage).Take(UnitsPerPage))];
    }

    /// <summary>The whole round's status as a spreadsheet file (<c>?handler=Csv</c>).</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromRoute] int id)
    {
        var name = await db.Rounds.Where(r => r.Id == id).Select(r => r.Name).SingleOrDefaultAsync();
        if (name is null)
        {
            return NotFound();
        }

        var safeName = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return File(await ProgressCsv.WriteAsync(db, id, text), "text/csv; charset=utf-8", $"status-{safeName}.csv");
    }

    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var round = await db.Rounds.AsNoTracking()
            .Where(r => r.Id == id)
            .Select(r => new Summary(r.Name, r.Year, r.TemplateVersion!.Template!.Name, r.PreparationDeadline, r.ConversationDeadline, r.FocusText))
            .SingleOrDefaultAsync();
        if (round is null)
        {
            return NotFound();
        }

        Round = round;
        RouteRoundId = id;
        PastDeadline = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) > round.ConversationDeadline;
        var figures = await roundFigures.ForAsync(id);
        CountedAt = figures.At;
        Held = figures.ByStatus.GetValueOrDefault(ConversationStatus.Held);
        Excused = figures.ByStatus.GetValueOrDefault(ConversationStatus.Excused);
        Declined = figures.ByStatus.GetValueOrDefault(ConversationStatus.Declined);
        Total = figures.ByStatus.Values.Sum() - Excused - Declined;
        Units = figures.Units;
        ShowUnitLevel();
        RemindersSent = figures.RemindersSent;
        EmployeesReady = figures.EmployeesReady;
        LeadersReady = figures.LeadersReady;
        var today = Infrastructure.Localization.DanishTime.Today(time);
        var days = await db.Rounds.Where(r => r.Id == id).Select(r => r.PreparationReminderDays).SingleAsync();
        NextReminder = days.Select(d => round.PreparationDeadline.AddDays(-d)).Where(d => d > today).Order().Cast<DateOnly?>().FirstOrDefault();
        var dead = db.OutboxMails.Where(m => m.RoundId == id && m.DeadAt != null);
        DeadMailCount = await dead.CountAsync();
        DeadMails = await dead.OrderByDescending(m => m.DeadAt).Take(20).Select(m => new Undelivered(m.To, m.LastError, m.DeadAt!.Value)).ToListAsync();
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var conversations = db.Conversations.AsNoTracking().Where(c => c.RoundId == id);
        if (UnitFilter is { } unitId && Units.FirstOrDefault(u => u.UnitId == unitId) is { } unit)
        {
            // The unit and every unit below it, as the bars count them.
            var index = Units.ToList().IndexOf(unit);
            var below = Units.Skip(index + 1).TakeWhile(u => u.Depth > unit.Depth).Select(u => u.UnitId).Append(unitId).ToList();
            conversations = conversations.Where(c => below.Contains(c.Employee!.OrgUnitId));
            UnitFilterName = unit.Name;
        }
        if (!string.IsNullOrWhiteSpace(Query))
        {
            var query = Query.Trim().ToLower();
            conversations = conversations.Where(c => c.Employee!.Name.ToLower().Contains(query) || c.Leader!.Name.ToLower().Contains(query));
        }

        // Unfiltered, the number of pages comes from the figures: a round's conversations change in number
        // only when people join it or leave, and counting the whole round for every view cost PostgreSQL a
        // scan of 25,000 rows each time. The rows listed are always read fresh.
        var filtered = UnitFilterName is not null || !string.IsNullOrWhiteSpace(Query);
        Matches = filtered ? await conversations.CountAsync() : figures.ByStatus.Values.Sum();
        // A page past the end shows the last (and a huge number does not overflow the offset).
        PageNumber = Math.Min(PageNumber, Math.Max(1, (Matches + PageSize - 1) / PageSize));
        // The page's employees are picked in name order from People's index on (name, id), and only then
        // their conversations: led by the conversations, the database sorted the whole round (25,000 rows)
        // for every page of 50. There is one conversation per employee in a round.
        var employeesOnPage = db.People
            .Where(p => conversations.Any(c => c.EmployeeId == p.Id))
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(p => p.Id);
        Conversations = await conversations
            .Where(c => employeesOnPage.Contains(c.EmployeeId))
            .OrderBy(c => c.Employee!.Name).ThenBy(c => c.EmployeeId)
            .Select(c => new Line(
                c.Id, c.Employee!.Name, c.Employee.OrgUnit!.Name, c.Leader!.Name, c.Status,
                c.Parts.Any(p => p.Kind == PartKind.EmployeePreparation && p.ReadyAt != null),
                c.Parts.Any(p => p.Kind == PartKind.LeaderPreparation && p.ReadyAt != null)))
            .ToListAsync();
        return Page();
    }
}
