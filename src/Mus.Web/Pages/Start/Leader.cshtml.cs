using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Conversations.FollowUps;

namespace Mus.Web.Pages.Start;

/// <summary>A leader's start page: the people they hold MUS with.</summary>
[Authorize(Policy = Policies.Leader)]
public sealed class LeaderModel(AppDbContext db, CurrentUser me, TimeProvider time) : PageModel
{
    /// <summary>Both lists grow with the number of reports (a leader may have thousands): each is shown in pages.</summary>
    public const int PageSize = 50;

    public sealed record Report(string Name, string? JobTitle, string UnitName, DateOnly? EmploymentStart);

    public sealed record Waiting(int Id, string Employee, string Round, DateOnly ConversationDeadline, ConversationStatus Status, bool EmployeeReady, bool EmployeeShared, bool LeaderReady, DateTimeOffset? ScheduledStart, bool PlanApproved)
    {
        public LeaderPhase Phase { get; init; } = null!;
    }

    public IReadOnlyList<Report> Reports { get; private set; } = [];

    public int ReportCount { get; private set; }

    public int ConversationCount { get; private set; }

    /// <summary>The page of the reports list (<c>?side=</c>); one past the end shows the last.</summary>
    [BindProperty(SupportsGet = true, Name = "side")]
    public int ReportsPage { get; set; } = 1;

    /// <summary>The page of the conversations list (<c>?samtaler=</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "samtaler")]
    public int ConversationsPage { get; set; } = 1;

    public IReadOnlyList<Waiting> Conversations { get; private set; } = [];

    public IReadOnlyList<FollowUpAgenda.Item> Agenda { get; private set; } = [];

    /// <summary>Open rounds the leader takes part in where some of their reports have no conversation yet.</summary>
    public IReadOnlyList<(int Id, string Name)> RoundsMissingReports { get; private set; } = [];

    /// <summary>Rounds in which the leader held conversations: each has a page for the joint feedback to the team.</summary>
    public IReadOnlyList<(int Id, string Name)> RoundsHeld { get; private set; } = [];

    public int MyId => me.PersonId ?? 0;

    public async Task OnGetAsync()
    {
        var reports = db.People.AsNoTracking().Where(p => p.LeaderId == me.PersonId);
        ReportCount = await reports.CountAsync();
        ReportsPage = Clamp(ReportsPage, ReportCount);
        Reports = await reports
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((ReportsPage - 1) * PageSize).Take(PageSize)
            .Select(p => new Report(p.Name, p.JobTitle, p.OrgUnit!.Name, p.EmploymentStart))
            .ToListAsync();
        var today = DanishTime.Today(time);
        var recent = today.AddMonths(-3);
        // The current leader's own conversations (open ones move with a change of leader; one held
        // with a former leader reaches the new leader as its plan, in the follow-up agenda); held
        // ones stay listed for a while, for the plan and the evaluation.
        var conversations = db.Conversations.AsNoTracking()
            .Where(c => c.Employee!.LeaderId == me.PersonId && c.LeaderId == me.PersonId && c.Status != ConversationStatus.Excused && c.Round!.ConversationDeadline >= recent);
        RoundsHeld = (await db.Rounds.AsNoTracking()
            .Where(r => db.Conversations.Any(c => c.RoundId == r.Id && c.HeldWithLeaderId == me.PersonId))
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Id)
            .Take(5)
            .Select(r => new { r.Id, r.Name })
            .ToListAsync()).Select(r => (r.Id, r.Name)).ToList();
        Agenda = await FollowUpAgenda.ForAsync(db, c => c.Employee!.LeaderId == me.PersonId, today);
        ConversationCount = await conversations.CountAsync();
        ConversationsPage = Clamp(ConversationsPage, ConversationCount);
        Conversations = await conversations
            .OrderBy(c => c.Round!.ConversationDeadline).ThenBy(c => c.Employee!.Name).ThenBy(c => c.Id)
            .Skip((ConversationsPage - 1) * PageSize).Take(PageSize)
            .Select(c => new Waiting(
                c.Id, c.Employee!.Name, c.Round!.Name, c.Round.ConversationDeadline, c.Status,
                c.Parts.Any(p => p.Kind == PartKind.EmployeePreparation && p.ReadyAt != null),
                c.Parts.Any(p => p.Kind == PartKind.EmployeePreparation && p.SharedAt != null),
                c.Parts.Any(p => p.Kind == PartKind.LeaderPreparation && p.ReadyAt != null),
                c.ScheduledStart,
                c.PlanApprovedAt != null))
            .ToListAsync();
        // A follow-up is due when the agenda (which reads the plans the leader may read) says so.
        var followUps = Agenda.Where(a => a.FollowUpDue && a.FollowUpOn is not null).GroupBy(a => a.ConversationId).ToDictionary(g => g.Key, g => g.Min(a => a.FollowUpOn));
        var now = time.GetUtcNow();
        Conversations = [.. Conversations.Select(c => c with
        {
            Phase = LeaderPhase.Of(c.Id, c.Status, c.EmployeeReady, c.LeaderReady, c.ScheduledStart, c.PlanApproved, followUps.GetValueOrDefault(c.Id), c.ConversationDeadline, now, today),
        })];
        var rounds = await db.Rounds.AsNoTracking()
            .Where(r => r.ConversationDeadline >= today
                && db.Conversations.Any(c => c.RoundId == r.Id && c.Employee!.LeaderId == me.PersonId)
                && db.People.Any(p => p.LeaderId == me.PersonId && !db.Conversations.Any(c => c.RoundId == r.Id && c.EmployeeId == p.Id)))
            .OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.Name })
            .ToListAsync();
        RoundsMissingReports = [.. rounds.Select(r => (r.Id, r.Name))];
    }

    public static int Pages(int count) => Math.Max(1, (count + PageSize - 1) / PageSize);

    // A page number out of range (or nonsense, which binds as 0) shows the nearest page there is.
    private static int Clamp(int requested, int count) => Math.Clamp(requested, 1, Pages(count));
}
