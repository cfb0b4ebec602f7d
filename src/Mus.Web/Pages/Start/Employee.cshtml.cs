using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Conversations.FollowUps;

namespace Mus.Web.Pages.Start;

/// <summary>"What is waiting for me" for an employee: who they are in the organisation, and their MUS.</summary>
[Authorize(Policy = Policies.Employee)]
public sealed class EmployeeModel(AppDbContext db, CurrentUser me, TimeProvider time) : PageModel
{
    public sealed record View(string Name, string? JobTitle, string UnitName, string? LeaderName, string? LeaderEmail, int? LeaderId);

    public sealed record MyConversation(int Id, ConversationStatus Status, string Round, DateOnly PreparationDeadline, DateOnly ConversationDeadline, bool Ready, bool Shared, bool LeaderShared, DateTimeOffset? ScheduledStart, int ScheduledMinutes, string? Location, int RoundId, bool Mandatory, ConversationOffer? Offer, OfferAnswer? OfferAnswer);

    public View Person { get; private set; } = null!;

    public IReadOnlyList<MyConversation> Conversations { get; private set; } = [];

    public IReadOnlyList<FollowUpAgenda.Item> Agenda { get; private set; } = [];

    /// <summary>Receipts from the last 30 days; all of them are on the profile's receipt page.</summary>
    public IReadOnlyList<Pages.Profile.Receipts.Line> RecentReceipts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var person = await db.People.AsNoTracking()
            .Where(p => p.Id == me.PersonId)
            .Select(p => new View(p.Name, p.JobTitle, p.OrgUnit!.Name, p.Leader!.Name, p.Leader.Email, p.LeaderId))
            .SingleOrDefaultAsync();
        if (person is null)
        {
            return NotFound();
        }

        Person = person;
        var today = DanishTime.Today(time);
        // Computed here, not in the query: EF would compile the call to evaluate it at every request.
        var since = today.AddMonths(-3);
        Conversations = await db.Conversations.AsNoTracking()
            .Where(c => c.EmployeeId == me.PersonId && c.Status != ConversationStatus.Excused && c.Round!.ConversationDeadline >= since)
            .OrderBy(c => c.Round!.ConversationDeadline)
            .Select(c => new MyConversation(
                c.Id, c.Status, c.Round!.Name, c.Round.PreparationDeadline, c.Round.ConversationDeadline,
                c.Parts.Any(p => p.Kind == PartKind.EmployeePreparation && p.ReadyAt != null),
                c.Parts.Any(p => p.Kind == PartKind.EmployeePreparation && p.SharedAt != null),
                c.Parts.Any(p => p.Kind == PartKind.LeaderPreparation && p.SharedAt != null),
                c.ScheduledStart, c.ScheduledMinutes, c.Location, c.RoundId, c.Round.Mandatory, c.Offer, c.OfferAnswer))
            .ToListAsync();
        Agenda = await FollowUpAgenda.ForAsync(db, c => c.EmployeeId == me.PersonId, today);
        RecentReceipts = await Pages.Profile.Receipts.ForAsync(db, me.PersonId, time.GetUtcNow().AddDays(-30));
        return Page();
    }
}
