using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Mus.Web.Pages.Conversations;
using Mus.Web.Pages.Organisation.Import;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Organisation.People;

/// <summary>
/// HR corrects one person. The same checks as the import apply (a one-line import, in effect),
/// and a save based on a stale copy is refused with both versions shown.
/// </summary>
[Authorize(Policy = Policies.OrganisationManager)]
public sealed class EditModel(AppDbContext db, AccountAddress addresses, CurrentUser me, LeaderChanges leaderChanges, SessionStamps sessions, IStringLocalizer<Text> text) : PageModel
{
    public sealed record Option(int Id, string Name);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string EmployeeNumber { get; private set; } = "";

    public IReadOnlyList<Option> Units { get; private set; } = [];

    public IReadOnlyList<Option> JobGroups { get; private set; } = [];

    /// <summary>Set when someone else saved first: what is stored now, shown beside the user's own input.</summary>
    public InputModel? Stored { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Person.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(Person.EmailMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string Email { get; set; } = "";

        [StringLength(Person.JobTitleMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.JobTitle")]
        public string? JobTitle { get; set; }

        [Display(Name = "Field.JobGroup")]
        public int? JobGroupId { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Field.Unit")]
        public int? UnitId { get; set; }

        [StringLength(Person.EmployeeNumberMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.LeaderNumber")]
        public string? LeaderNumber { get; set; }

        [DataType(DataType.Date)]
        [Display(Name = "Field.EmploymentStart")]
        public DateOnly? EmploymentStart { get; set; }

        public long Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var person = await db.People.AsNoTracking().Include(p => p.Leader).SingleOrDefaultAsync(p => p.Id == id);
        if (person is null)
        {
            return NotFound();
        }

        EmployeeNumber = person.EmployeeNumber;
        Input = ToInput(person);
        await LoadOptionsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        var person = await db.People.Include(p => p.Leader).SingleOrDefaultAsync(p => p.Id == id);
        if (person is null)
        {
            return NotFound();
        }

        EmployeeNumber = person.EmployeeNumber;
        await LoadOptionsAsync();
        if (ModelState.IsValid)
        {
            await CheckLikeTheImportAsync(person);
        }

        var account = await db.Users.SingleOrDefaultAsync(u => u.PersonId == person.Id);
        if (ModelState.IsValid && account is not null && !me.IsAdministrator && account.Email != Person.NormaliseEmail(Input.Email)
            && await RoleAccounts.HoldsARoleAsync(db, account.Id))
        {
            // HR moving an administrator's (or another HR's) sign-in elsewhere would let a reset link take it over.
            ModelState.AddModelError("Input.Email", text["People.Error.RoleAccountEmail"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var leaderNumber = string.IsNullOrWhiteSpace(Input.LeaderNumber) ? null : Input.LeaderNumber.Trim();
        var leaderId = leaderNumber is null ? null : await db.People.Where(p => p.EmployeeNumber == leaderNumber).Select(p => (int?)p.Id).SingleAsync();
        db.Entry(person).Property(p => p.Version).OriginalValue = Input.Version;
        person.Rename(Input.Name.Trim());
        person.Email = Person.NormaliseEmail(Input.Email);
        person.JobTitle = string.IsNullOrWhiteSpace(Input.JobTitle) ? null : Input.JobTitle.Trim();
        person.JobGroupId = Input.JobGroupId;
        person.OrgUnitId = Input.UnitId!.Value;
        person.EmploymentStart = Input.EmploymentStart;
        var formerLeaderId = person.LeaderId;
        person.AssignLeader(leaderId);
        // A new address ends the account's sessions and voids reset links already sent; the old address is told.
        var moved = account is not null && addresses.Change(account, person.Email, person.Language);

        await using var transaction = await db.Database.BeginTransactionAsync();
        try
        {
            await db.SaveChangesAsync();
            if (formerLeaderId != leaderId)
            {
                await leaderChanges.ApplyAsync(person.Id, leaderId);
            }

            await transaction.CommitAsync();
            if (formerLeaderId != leaderId)
            {
                // Whether someone leads anyone has changed for two people: every instance asks again.
                await sessions.AnnounceAsync(db, SessionStamps.Everyone);
            }
            else if (moved)
            {
                await sessions.AnnounceAsync(db, account!.Id);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.People.AsNoTracking().Include(p => p.Leader).SingleOrDefaultAsync(p => p.Id == id);
            if (current is null)
            {
                return NotFound();
            }

            Stored = ToInput(current);
            // The next save is a deliberate choice to replace what is stored, so it carries the stored version.
            Input.Version = current.Version;
            ModelState.Remove("Input.Version");
            ModelState.AddModelError(string.Empty, text["Edit.Conflict"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        TempData.Say(text["People.Saved", person.Name].Value);
        return RedirectToPage(new { id });
    }

    private async Task CheckLikeTheImportAsync(Person person)
    {
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Id);
        var unitCode = units.FirstOrDefault(u => u.Value == Input.UnitId).Key;
        var recorded = await db.People.AsNoTracking().ToListAsync();
        var row = new PersonRow(0, person.EmployeeNumber, Input.Name.Trim(), Input.Email.Trim(), Input.JobTitle, null, unitCode ?? "",
            string.IsNullOrWhiteSpace(Input.LeaderNumber) ? null : Input.LeaderNumber.Trim(), null);
        var (_, errors) = PeopleImportValidator.Validate(
            [row],
            PeopleImportValidator.Describe(recorded),
            units);
        foreach (var error in errors)
        {
            ModelState.AddModelError(string.Empty, text[error.Key, error.Arguments]);
        }

        if (Input.JobGroupId is int groupId && JobGroups.All(g => g.Id != groupId))
        {
            ModelState.AddModelError("Input.JobGroupId", text["Validation.ValueInvalid", groupId]);
        }
    }

    private static InputModel ToInput(Person person) => new()
    {
        Name = person.Name,
        Email = person.Email,
        JobTitle = person.JobTitle,
        JobGroupId = person.JobGroupId,
        UnitId = person.OrgUnitId,
        LeaderNumber = person.Leader?.EmployeeNumber,
        EmploymentStart = person.EmploymentStart,
        Version = person.Version,
    };

    private async Task LoadOptionsAsync()
    {
        Units = await db.OrgUnits.AsNoTracking().OrderBy(u => u.Name).Select(u => new Option(u.Id, u.Name)).ToListAsync();
        JobGroups = await db.JobGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new Option(g.Id, g.Name)).ToListAsync();
    }
}
