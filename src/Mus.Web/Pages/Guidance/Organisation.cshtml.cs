using System.ComponentModel.DataAnnotations;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Guidance;

/// <summary>HR writes the organisation's own paragraph for each phase; a second HR user with an older page is told, not overwritten.</summary>
[Authorize(Policy = Policies.Hr)]
public sealed class OrganisationModel(AppDbContext db, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [StringLength(OrganisationGuidance.NoteMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Guidance.Phase.Prepare")]
        public string? Prepare { get; set; }

        [StringLength(OrganisationGuidance.NoteMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Guidance.Phase.Conversation")]
        public string? Conversation { get; set; }

        [StringLength(OrganisationGuidance.NoteMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Guidance.Phase.Plan")]
        public string? Plan { get; set; }

        [StringLength(OrganisationGuidance.NoteMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Guidance.Phase.After")]
        public string? After { get; set; }

        public long Version { get; set; }
    }

    public async Task OnGetAsync()
    {
        var stored = await db.OrganisationGuidance.AsNoTracking().SingleOrDefaultAsync() ?? new();
        Input = new InputModel { Prepare = stored.Prepare, Conversation = stored.Conversation, Plan = stored.Plan, After = stored.After, Version = stored.Version };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var stored = await db.OrganisationGuidance.SingleOrDefaultAsync();
            if (stored is null)
            {
                // Always row 1: two first saves at once collide on the key instead of making two rows.
                stored = new OrganisationGuidance { Id = 1 };
                db.OrganisationGuidance.Add(stored);
            }
            else
            {
                db.Entry(stored).Property(g => g.Version).OriginalValue = Input.Version;
            }

            stored.Prepare = Clean(Input.Prepare);
            stored.Conversation = Clean(Input.Conversation);
            stored.Plan = Clean(Input.Plan);
            stored.After = Clean(Input.After);
            try
            {
                await db.SaveChangesAsync();
                TempData.Say(text["Guidance.Edit.Saved"].Value);
                return RedirectToPage();
            }
            catch (DbUpdateException)
            {
                // Another HR user saved first (or created the row at the same moment): keep what was typed here.
                db.ChangeTracker.Clear();
                Input.Version = (await db.OrganisationGuidance.AsNoTracking().SingleOrDefaultAsync())?.Version ?? 0;
                ModelState.Remove("Input.Version");
                ModelState.AddModelError(string.Empty, text["RoundSettings.Error.Conflict"]);
                // Every clash of MUS answers 409.
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string? Clean(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();
}
