using System.ComponentModel.DataAnnotations;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Organisation.Units;

/// <summary>Adds a unit to the tree; the people import refers to units by their code.</summary>
[Authorize(Policy = Policies.OrganisationManager)]
public sealed class CreateModel(AppDbContext db, IStringLocalizer<Text> text) : PageModel
{
    public sealed record UnitOption(int Id, string Name, string Code);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<UnitOption> Parents { get; private set; } = [];

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(OrgUnit.CodeMaxLength, ErrorMessage = "Validation.TooLong")]
        [RegularExpression(@"^[A-Za-z0-9_\-\.]+$", ErrorMessage = "Units.CodeFormat")]
        [Display(Name = "Field.UnitCode")]
        public string Code { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(OrgUnit.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Name")]
        public string Name { get; set; } = "";

        [Display(Name = "Field.ParentUnit")]
        public int? ParentId { get; set; }
    }

    public async Task OnGetAsync() => await LoadParentsAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadParentsAsync();
        if (Input.ParentId is int parentId && Parents.All(p => p.Id != parentId))
        {
            ModelState.AddModelError("Input.ParentId", text["Units.UnknownParent"]);
        }

        // An empty field binds as null; [Required] reports it.
        var code = Input.Code?.Trim() ?? "";
        if (code.Length > 0 && await db.OrgUnits.AnyAsync(u => u.Code == code))
        {
            ModelState.AddModelError("Input.Code", text["Units.CodeTaken", code]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.OrgUnits.Add(new OrgUnit { Code = code, Name = Input.Name.Trim(), ParentId = Input.ParentId });
        await db.SaveChangesAsync();
        TempData.Say(text["Units.Created", Input.Name.Trim()].Value);
        return RedirectToPage("/Organisation/Index");
    }

    private async Task LoadParentsAsync() =>
        Parents = await db.OrgUnits.AsNoTracking().OrderBy(u => u.Name).Select(u => new UnitOption(u.Id, u.Name, u.Code)).ToListAsync();
}
