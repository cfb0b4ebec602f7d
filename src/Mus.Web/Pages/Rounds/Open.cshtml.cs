using System.ComponentModel.DataAnnotations;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Rounds;

/// <summary>HR opens a round: one conversation per employee with a leader in the chosen units.</summary>
[Authorize(Policy = Policies.Hr)]
public sealed class OpenModel(AppDbContext db, RoundOpener opener, TimeProvider time, IStringLocalizer<Text> text) : PageModel
{
    public sealed record Option(int Id, string Name);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<Option> Templates { get; private set; } = [];

    public IReadOnlyList<Option> Units { get; private set; } = [];

    public sealed class InputModel : RoundRulesInput
    {
        public InputModel()
        {
            PreparationReminderDays = ReminderDays.Format(Round.DefaultPreparationReminderDays);
            SchedulingReminderDays = ReminderDays.Format(Round.DefaultSchedulingReminderDays);
        }

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Round.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Name")]
        public string Name { get; set; } = "";

        [Range(2000, 2100, ErrorMessage = "Validation.Range")]
        [Display(Name = "Field.Year")]
        public int Year { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Field.Template")]
        public int? TemplateVersionId { get; set; }

        [StringLength(Round.FocusMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Focus")]
        public string? FocusText { get; set; }

        [Display(Name = "Field.Units")]
        public List<int> UnitIds { get; set; } = [];

        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Field.PreparationDeadline")]
        public DateOnly? PreparationDeadline { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Field.ConversationDeadline")]
        public DateOnly? ConversationDeadline { get; set; }
    }

    public async Task OnGetAsync()
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Input = new InputModel
        {
            Name = text["Rounds.DefaultName", today.Year].Value,
            Year = today.Year,
            PreparationDeadline = today.AddDays(21),
            ConversationDeadline = today.AddDays(56),
        };
        await LoadOptionsAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadOptionsAsync();
        if (Input.UnitIds.Count == 0)
        {
            ModelState.AddModelError("Input.UnitIds", text["Rounds.Error.NoUnits"]);
        }

        var (preparationDays, schedulingDays) = Input.ReadDays(ModelState, text);

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            var opened = await opener.OpenAsync(new RoundOpener.Request(
                Input.Name, Input.Year, Input.TemplateVersionId!.Value, Input.FocusText, Input.UnitIds,
                Input.PreparationDeadline!.Value, Input.ConversationDeadline!.Value,
                Input.Orientation, Input.Mandatory, preparationDays, schedulingDays));
            TempData.Say(text["Rounds.Opened", opened.Conversations, opened.Mails].Value);
            return RedirectToPage("Progress", new { id = opened.RoundId });
        }
        catch (DomainException refusal)
        {
            ModelState.AddModelError(string.Empty, text[refusal.MessageKey]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    private async Task LoadOptionsAsync()
    {
        // The newest published version of each template.
        var versions = await db.TemplateVersions.AsNoTracking()
            .Where(v => v.PublishedAt != null)
            .Select(v => new { v.Id, v.TemplateId, v.Number, v.Template!.Name })
            .ToListAsync();
        Templates = versions.GroupBy(v => v.TemplateId)
            .Select(g => g.OrderByDescending(v => v.Number).First())
            .OrderBy(v => v.Name)
            .Select(v => new Option(v.Id, $"{v.Name} (v{v.Number})"))
            .ToList();
        Units = await db.OrgUnits.AsNoTracking().OrderBy(u => u.Name).Select(u => new Option(u.Id, u.Name)).ToListAsync();
    }
}
