using System.ComponentModel.DataAnnotations;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// HR or the leader moves an employee to another leader. The conversation follows the employee's
/// leader, so this changes the leader in the organisation, with the same rules as an import, and
/// the former leader's own notes go (see <see cref="LeaderChanges"/>).
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class MoveModel(AppDbContext db, ConversationAccess access, CurrentUser me, LeaderChanges leaderChanges, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(Person.EmailMaxLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.NewLeader")]
    public string NewLeader { get; set; } = "";

    public string EmployeeName { get; private set; } = "";

    public string CurrentLeaderName { get; private set; } = "";


    public async Task<IActionResult> OnGetAsync([FromRoute] int id) => await LoadAsync(id) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        var parties = await LoadAsync(id);
        if (parties is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Refuse();
        }

        var leader = await db.People.AsNoTracking()
            .Where(Person.ByNumberOrEmail(NewLeader))
            .Select(p => new { p.Id, p.Name })
            .FirstOrDefaultAsync();
        var problem = leader switch
        {
            null => "Move.Error.Unknown",
            _ when leader.Id == parties.EmployeeId => "Error.LeaderIsSelf",
            _ when leader.Id == parties.CurrentLeaderId => "Move.Error.Same",
            _ when await LeadsUpToAsync(leader.Id, parties.EmployeeId) => "Move.Error.Cycle",
            _ => null,
        };
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(NewLeader), text[problem]);
            return Refuse();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        var employee = await db.People.SingleAsync(p => p.Id == parties.EmployeeId);
        employee.AssignLeader(leader!.Id);
        await db.SaveChangesAsync();
        await leaderChanges.ApplyAsync(employee.Id, leader.Id);
        await transaction.CommitAsync();

        TempData.Say(text["Move.Done", EmployeeName, leader.Name].Value);
        // The one who moved the employee may no longer see the conversation: go back to one's start page.
        return Redirect(me.IsHr ? "/start/hr" : "/start/leader");
    }

    /// <summary>True when <paramref name="employeeId"/> is <paramref name="leaderId"/> or above them: the move would make a circle.</summary>
    private async Task<bool> LeadsUpToAsync(int leaderId, int employeeId)
    {
        var leaders = await db.People.AsNoTracking().Select(p => new { p.Id, p.LeaderId }).ToDictionaryAsync(p => p.Id, p => p.LeaderId);
        var seen = new HashSet<int>();
        for (int? current = leaderId; current is { } at && seen.Add(at); current = leaders.GetValueOrDefault(at))
        {
            if (at == employeeId)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<ConversationParties?> LoadAsync(int id)
    {
        var parties = await access.AuthorizeAsync(id, ConversationOperations.Manage);
        if (parties is null)
        {
            return null;
        }

        EmployeeName = await db.People.Where(p => p.Id == parties.EmployeeId).Select(p => p.Name).SingleAsync();
        CurrentLeaderName = await db.People.Where(p => p.Id == parties.CurrentLeaderId).Select(p => p.Name).SingleOrDefaultAsync() ?? "–";
        return parties;
    }

    private PageResult Refuse()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
