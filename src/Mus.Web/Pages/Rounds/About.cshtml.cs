namespace Mus.Web.Pages.Rounds;

/// <summary>
/// The round as everyone in it sees it: HR's orientation, the focus, the deadlines, whether it is
/// voluntary, and the materials. For HR and for whoever has a conversation in it (as employee or
/// leader); anyone else gets 404, as for a conversation.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class AboutModel(AppDbContext db, CurrentUser me) : PageModel
{
    public sealed record Material(int Id, string Title, string? Url, string? FileName, int Bytes);

    public Round Round { get; private set; } = null!;

    public IReadOnlyList<Material> Materials { get; private set; } = [];

    /// <summary>The signed-in person's own conversation in the round, when they have one (the link to prepare).</summary>
    public int? OwnConversationId { get; private set; }

    public bool IsLeaderInRound { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        if (!await MayReadAsync(id))
        {
            return NotFound();
        }

        Round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == id);
        Materials = await db.RoundMaterials.AsNoTracking().Where(m => m.RoundId == id).OrderBy(m => m.Id)
            .Select(m => new Material(m.Id, m.Title, m.Url, m.FileName, m.Content == null ? 0 : m.Content.Length))
            .ToListAsync();
        return Page();
    }

    /// <summary>A PDF kept with the round (<c>?handler=File&amp;material=N</c>), as a download.</summary>
    public async Task<IActionResult> OnGetFileAsync([FromRoute] int id, [FromQuery] int material)
    {
        if (!await MayReadAsync(id))
        {
            return NotFound();
        }

        var file = await db.RoundMaterials.AsNoTracking().Where(m => m.Id == material && m.RoundId == id && m.Content != null)
            .Select(m => new { m.FileName, m.Content }).SingleOrDefaultAsync();
        return file is null ? NotFound() : File(file.Content!, "application/pdf", file.FileName ?? "materiale.pdf");
    }

    private async Task<bool> MayReadAsync(int id)
    {
        if (me.IsHr && await db.Rounds.AnyAsync(r => r.Id == id))
        {
            return true;
        }

        if (me.PersonId is not { } personId)
        {
            return false;
        }

        // Two small questions, not the leader's whole list (a leader may have thousands).
        var inRound = db.Conversations.Where(c => c.RoundId == id);
        OwnConversationId = await inRound.Where(c => c.EmployeeId == personId).Select(c => (int?)c.Id).SingleOrDefaultAsync();
        IsLeaderInRound = await inRound.AnyAsync(c => c.LeaderId == personId);
        return OwnConversationId is not null || IsLeaderInRound;
    }
}
