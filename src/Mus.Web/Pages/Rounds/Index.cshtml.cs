namespace Mus.Web.Pages.Rounds;

/// <summary>HR's list of MUS rounds with how far each has come.</summary>
[Authorize(Policy = Policies.Hr)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record RoundLine(int Id, string Name, int Year, string Template, DateOnly ConversationDeadline, int Conversations, int Held);

    public IReadOnlyList<RoundLine> Rounds { get; private set; } = [];

    public async Task OnGetAsync() =>
        Rounds = await db.Rounds.AsNoTracking()
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Id)
            .Select(r => new RoundLine(
                r.Id, r.Name, r.Year, r.TemplateVersion!.Template!.Name, r.ConversationDeadline,
                db.Conversations.Count(c => c.RoundId == r.Id && c.Status != ConversationStatus.Excused),
                db.Conversations.Count(c => c.RoundId == r.Id && c.Status == ConversationStatus.Held)))
            .ToListAsync();
}
