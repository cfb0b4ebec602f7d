using System.ComponentModel.DataAnnotations;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Rounds;

/// <summary>
/// HR looks after an open round: the orientation, whether it is mandatory, the reminder days, and
/// the materials (links and PDFs). A second HR user with an older page is told, not overwritten.
/// </summary>
[Authorize(Policy = Policies.Hr)]
public sealed class SettingsModel(AppDbContext db, TimeProvider time, IStringLocalizer<Text> text, Shared.MergeOrigins origins) : PageModel
{
    public const int MaxMaterials = 30;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public MaterialInput NewMaterial { get; set; } = new();

    /// <summary>The settings as the page started from them, and after a clash with another HR user what clashed.</summary>
    [BindProperty]
    public Shared.MergeInput Merge { get; set; } = new();

    public string RoundName { get; private set; } = "";

    public IReadOnlyList<AboutModel.Material> Materials { get; private set; } = [];

    public sealed class InputModel : RoundRulesInput
    {
        public long Version { get; set; }
    }

    public sealed class MaterialInput
    {
        [StringLength(RoundMaterial.TitleMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.MaterialTitle")]
        public string? Title { get; set; }

        [StringLength(RoundMaterial.UrlMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.MaterialUrl")]
        public string? Url { get; set; }

        [Display(Name = "Field.MaterialFile")]
        public IFormFile? File { get; set; }
    }

    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
        if (round is null)
        {
            return NotFound();
        }

        await ReloadAsync(round);
        return Page();
    }

    /// <summary>Saves the orientation, the mandatory choice and the reminder days.</summary>
    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        var round = await db.Rounds.SingleOrDefaultAsync(r => r.Id == id);
        if (round is null)
        {
            return NotFound();
        }

        ClearErrors("NewMaterial.");
        var (preparationDays, schedulingDays) = Input.ReadDays(ModelState, text);

        if (!ModelState.IsValid)
        {
            await LoadAsync(round);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var mine = new Dictionary<string, string?>(FieldsOf(
            string.IsNullOrWhiteSpace(Input.Orientation) ? null : Input.Orientation.Trim(), Input.Mandatory, preparationDays!, schedulingDays!), StringComparer.Ordinal);
        if (Merge.Within(origins, $"settings/{id}").Decide(mine) is { Count: > 0 })
        {
            Merge.ShowClashedAgain(mine);
            ModelState.AddModelError(string.Empty, text["Merge.Choose"]);
            return await ClashAsync(round);
        }

        var message = "RoundSettings.Saved";
        IReadOnlyDictionary<string, string?> fields = mine;
        if (round.Version != Input.Version)
        {
            // Another HR user saved since this page was loaded: their fields are kept; one both changed waits for a choice.
            var merged = Domain.Editing.FieldMerge.Merge(Merge.OriginFields(), mine, FieldsOf(round));
            if (!merged.Clean)
            {
                Merge.ShowClashes(FieldsOf(round), merged.Clashes);
                Input = InputOf(merged.Merged, round.Version);
                ModelState.Clear();
                ModelState.AddModelError(string.Empty, text["RoundSettings.Error.Conflict"]);
                return await ClashAsync(round);
            }

            fields = merged.Merged;
            message = "Merge.SavedWithTheirs";
        }

        db.Entry(round).Property(r => r.Version).OriginalValue = round.Version;
        round.Orientation = fields.GetValueOrDefault("orientation");
        round.Mandatory = fields.GetValueOrDefault("mandatory") == "true";
        round.PreparationReminderDays = ReminderDays.Parse(fields.GetValueOrDefault("preparation-reminders")) ?? [];
        round.SchedulingReminderDays = ReminderDays.Parse(fields.GetValueOrDefault("scheduling-reminders")) ?? [];
        try
        {
            await db.SaveChangesAsync();
            TempData.Say(text[message].Value);
            return RedirectToPage(new { id });
        }
        catch (DbUpdateConcurrencyException)
        {
            // Saved by someone else between the read and this write: the page is shown with both, for another try.
            db.ChangeTracker.Clear();
            round = await db.Rounds.AsNoTracking().SingleAsync(r => r.Id == id);
            Merge.ShowClashes(FieldsOf(round), [.. mine.Where(f => f.Value != FieldsOf(round).GetValueOrDefault(f.Key)).Select(f => new Domain.Editing.FieldMerge.Clash(f.Key, f.Value, FieldsOf(round).GetValueOrDefault(f.Key)))]);
            Input.Version = round.Version;
            ModelState.Remove("Input.Version");
            ModelState.AddModelError(string.Empty, text["RoundSettings.Error.Conflict"]);
            return await ClashAsync(round);
        }
    }

    /// <summary>The settings as fields of a merge: what HR edits on this page, reminder days as the form writes them.</summary>
    private static Dictionary<string, string?> FieldsOf(string? orientation, bool mandatory, IReadOnlyList<int> preparationDays, IReadOnlyList<int> schedulingDays) => new(StringComparer.Ordinal)
    {
        ["orientation"] = orientation,
        ["mandatory"] = mandatory ? "true" : "false",
        ["preparation-reminders"] = ReminderDays.Format(preparationDays),
        ["scheduling-reminders"] = ReminderDays.Format(schedulingDays),
    };

    private static Dictionary<string, string?> FieldsOf(Round round) => FieldsOf(round.Orientation, round.Mandatory, round.PreparationReminderDays, round.SchedulingReminderDays);

    private static InputModel InputOf(IReadOnlyDictionary<string, string?> fields, long version) => new()
    {
        Orientation = fields.GetValueOrDefault("orientation"),
        Mandatory = fields.GetValueOrDefault("mandatory") == "true",
        PreparationReminderDays = fields.GetValueOrDefault("preparation-reminders"),
        SchedulingReminderDays = fields.GetValueOrDefault("scheduling-reminders"),
        Version = version,
    };

    /// <summary>A field of the settings as the page labels it, for the clash panel.</summary>
    public string LabelOf(string field) => text[field switch
    {
        "orientation" => "Field.Orientation",
        "mandatory" => "Field.Mandatory",
        "preparation-reminders" => "Field.PreparationReminderDays",
        _ => "Field.SchedulingReminderDays",
    }];

    private async Task<IActionResult> ClashAsync(Round round)
    {
        await LoadAsync(round);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>Adds a link or a PDF (one of the two) with its title.</summary>
    public async Task<IActionResult> OnPostAddAsync([FromRoute] int id)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
        if (round is null)
        {
            return NotFound();
        }

        ClearErrors("Input.");
        var material = await ReadMaterialAsync(id);
        if (material is not null && await db.RoundMaterials.CountAsync(m => m.RoundId == id) >= MaxMaterials)
        {
            ModelState.AddModelError(string.Empty, text["RoundSettings.Error.TooMany", MaxMaterials]);
            material = null;
        }

        if (material is null)
        {
            await ReloadAsync(round);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        db.RoundMaterials.Add(material);
        await db.SaveChangesAsync();
        TempData.Say(text["RoundSettings.MaterialAdded", material.Title].Value);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRemoveAsync([FromRoute] int id, [FromForm] int material)
    {
        var removed = await db.RoundMaterials.SingleOrDefaultAsync(m => m.Id == material && m.RoundId == id);
        if (removed is null)
        {
            // Already removed by someone else, or never this round's: say so rather than fail.
            var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
            if (round is null)
            {
                return NotFound();
            }

            ClearErrors("Input.");
            ModelState.AddModelError(string.Empty, text["RoundSettings.Error.NoSuchMaterial"]);
            await ReloadAsync(round);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        db.RoundMaterials.Remove(removed);
        await db.SaveChangesAsync();
        TempData.Say(text["RoundSettings.MaterialRemoved", removed.Title].Value);
        return RedirectToPage(new { id });
    }

    private async Task<RoundMaterial?> ReadMaterialAsync(int roundId)
    {
        var title = NewMaterial.Title?.Trim();
        var url = NewMaterial.Url?.Trim();
        var file = NewMaterial.File;
        if (string.IsNullOrEmpty(title))
        {
            ModelState.AddModelError("NewMaterial.Title", text["Validation.Required", text["Field.MaterialTitle"]]);
        }

        if (string.IsNullOrEmpty(url) == (file is null))
        {
            ModelState.AddModelError("NewMaterial.Url", text["RoundSettings.Error.LinkOrFile"]);
        }
        else if (!string.IsNullOrEmpty(url) && !RoundMaterial.IsLink(url))
        {
            ModelState.AddModelError("NewMaterial.Url", text["RoundSettings.Error.Link"]);
        }

        byte[]? content = null;
        if (file is not null && ModelState.IsValid)
        {
            if (file.Length > RoundMaterial.MaxFileBytes)
            {
                ModelState.AddModelError("NewMaterial.File", text["RoundSettings.Error.FileTooLarge", RoundMaterial.MaxFileBytes / 1024 / 1024]);
                return null;
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            content = buffer.ToArray();
            if (!RoundMaterial.IsPdf(content))
            {
                ModelState.AddModelError("NewMaterial.File", text["RoundSettings.Error.NotPdf"]);
            }
        }

        if (!ModelState.IsValid)
        {
            return null;
        }

        var fileName = file is null ? null : SafeFileName(file.FileName);
        return new RoundMaterial
        {
            RoundId = roundId,
            Title = title!,
            Url = content is null ? url : null,
            FileName = fileName,
            Content = content,
            AddedAt = time.GetUtcNow(),
        };
    }

    /// <summary>The name the download gets: letters, digits and a few marks, ending in .pdf.</summary>
    private static string SafeFileName(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        var safe = System.Text.RegularExpressions.Regex.Replace(stem, @"[^\p{L}\p{Nd}_]+", "-").Trim('-');
        safe = safe.Length == 0 ? "materiale" : safe.Length > 100 ? safe[..100] : safe;
        return safe + ".pdf";
    }

    // Each form on the page posts only its own fields; the other form's rules do not apply to it.
    private void ClearErrors(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    /// <summary>The stored settings in the form, and the materials beside it.</summary>
    private async Task ReloadAsync(Round round)
    {
        Merge.Within(origins, $"settings/{round.Id}").StartFrom(FieldsOf(round));
        Input = new InputModel
        {
            Orientation = round.Orientation,
            Mandatory = round.Mandatory,
            PreparationReminderDays = ReminderDays.Format(round.PreparationReminderDays),
            SchedulingReminderDays = ReminderDays.Format(round.SchedulingReminderDays),
            Version = round.Version,
        };
        await LoadAsync(round);
    }

    private async Task LoadAsync(Round round)
    {
        RoundName = round.Name;
        Materials = await db.RoundMaterials.AsNoTracking().Where(m => m.RoundId == round.Id).OrderBy(m => m.Id)
            .Select(m => new AboutModel.Material(m.Id, m.Title, m.Url, m.FileName, m.Content == null ? 0 : m.Content.Length))
            .ToListAsync();
    }
}
