using System.ComponentModel.DataAnnotations;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Rounds;

/// <summary>
/// Adds one person to a round after it opened (a new hire, someone back from leave). HR may add
/// anyone; a leader may add their own direct reports. The conversation is with the current leader
/// and pins the round's template version, like those created when the round opened.
/// </summary>
[Authorize(Policy = Policies.RoundMember)]
public sealed class AddModel(AppDbContext db, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text) : PageModel
{
    public sealed record Candidate(string EmployeeNumber, string Name);

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(Domain.Person.EmailMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.Person")]
    public string Person { get; set; } = "";

    public Round Round { get; private set; } = null!;

    /// <summary>A reminder list, not a picker: beyond this many, the leader types the number of whom they mean.</summary>
    public const int CandidatesShown = 100;

    /// <summary>For a leader: their reports who are not in the round yet (the first <see cref="CandidatesShown"/>).</summary>
    public IReadOnlyList<Candidate> Candidates { get; private set; } = [];

    public int CandidateCount { get; private set; }


    public async Task<IActionResult> OnGetAsync([FromRoute] int id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        if (!ModelState.IsValid)
        {
            return Refuse(null);
        }

        var person = await db.People.AsNoTracking()
            .Where(Domain.Person.ByNumberOrEmail(Person))
            .Select(p => new { p.Id, p.Name, p.LeaderId, p.OrgUnitId, p.JobGroupId })
            .FirstOrDefaultAsync();
        // A leader gets the same answer for someone else's employee as for nobody: they learn nothing about them.
        if (person is null || (!me.IsHr && person.LeaderId != me.PersonId))
        {
            return Refuse("AddToRound.Error.Unknown");
        }

        if (person.LeaderId is not { } leaderId)
        {
            return Refuse("AddToRound.Error.NoLeader");
        }

        if (await db.Conversations.AnyAsync(c => c.RoundId == id && c.EmployeeId == person.Id))
        {
            return Refuse("AddToRound.Error.Already");
        }

        db.Conversations.Add(new Conversation
        {
            RoundId = id,
            EmployeeId = person.Id,
            LeaderId = leaderId,
            TemplateVersionId = Round.TemplateVersionId,
            Status = ConversationStatus.Preparing,
            CreatedAt = time.GetUtcNow(),
            UnitIdAtRound = person.OrgUnitId,
            JobGroupIdAtRound = person.JobGroupId,
        });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Added by someone else a moment ago: the unique (round, employee) key kept one.
            return Refuse("AddToRound.Error.Already");
        }

        TempData.Say(text["AddToRound.Done", person.Name, Round.Name].Value);
        return me.IsHr ? Redirect($"/rounds/progress/{id}") : Redirect("/start/leader");
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
        if (round is null)
        {
            return NotFound();
        }

        Round = round;
        if (round.ConversationDeadline < DanishTime.Today(time))
        {
            ModelState.AddModelError(string.Empty, text["AddToRound.Error.Closed"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!me.IsHr)
        {
            var candidates = db.People.AsNoTracking()
                .Where(p => p.LeaderId == me.PersonId && !db.Conversations.Any(c => c.RoundId == id && c.EmployeeId == p.Id));
            CandidateCount = await candidates.CountAsync();
            Candidates = await candidates
                .OrderBy(p => p.Name).ThenBy(p => p.Id)
                .Take(CandidatesShown)
                .Select(p => new Candidate(p.EmployeeNumber, p.Name))
                .ToListAsync();
        }

        return null;
    }

    private PageResult Refuse(string? messageKey)
    {
        if (messageKey is not null)
        {
            ModelState.AddModelError(nameof(Person), text[messageKey]);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
