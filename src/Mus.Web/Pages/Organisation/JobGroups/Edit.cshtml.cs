using Mus.Web.Pages.Shared;
namespace Mus.Web.Pages.Organisation.JobGroups;

/// <summary>
/// HR edits a job group's competence standard: competences with the level expected in the job.
/// Ratings in preparations refer to competences by key, so rewording keeps them; a removed
/// competence simply no longer shows.
/// </summary>
[Authorize(Policy = Policies.Hr)]
public sealed class EditModel(AppDbContext db, IStringLocalizer<Text> text) : PageModel
{
    public const int EmptyRows = 3;

    public sealed class Row
    {
        public string? Key { get; set; }

        public string? Name { get; set; }

        public string? Description { get; set; }

        public int ExpectedLevel { get; set; } = 3;
    }

    public string GroupName { get; private set; } = "";

    [BindProperty]
    public List<Row> Rows { get; set; } = [];

    [BindProperty]
    public long Version { get; set; }

    /// <summary>The standard as stored now, when a save met a newer version.</summary>
    public IReadOnlyList<Competence>? Stored { get; private set; }


    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var group = await db.JobGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id);
        if (group is null)
        {
            return NotFound();
        }

        GroupName = group.Name;
        Version = group.Version;
        Rows = [.. group.Competences.Select(c => new Row { Key = c.Key, Name = c.Name, Description = c.Description, ExpectedLevel = c.ExpectedLevel })];
        AddEmptyRows();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        var group = await db.JobGroups.SingleOrDefaultAsync(g => g.Id == id);
        if (group is null)
        {
            return NotFound();
        }

        GroupName = group.Name;
        // Rows left without a name are empty rows or competences HR removed.
        var standard = Rows
            .Where(r => !string.IsNullOrWhiteSpace(r.Name))
            .Select(r => new Competence(
                r.Key is { Length: > 0 and <= 32 } key && key.All(char.IsAsciiLetterOrDigit) ? key : Guid.NewGuid().ToString("N")[..12],
                r.Name!.Trim(),
                string.IsNullOrWhiteSpace(r.Description) ? null : r.Description.Trim(),
                r.ExpectedLevel))
            .ToList();
        foreach (var problem in Competence.Problems(standard))
        {
            ModelState.AddModelError(string.Empty, text[problem, Competence.MaxPerStandard]);
        }

        if (!ModelState.IsValid)
        {
            AddEmptyRows();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        db.Entry(group).Property(g => g.Version).OriginalValue = Version;
        group.SetStandard(standard);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var stored = await db.JobGroups.AsNoTracking().SingleAsync(g => g.Id == id);
            Stored = stored.Competences;
            Version = stored.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError(string.Empty, text["Edit.Conflict"]);
            AddEmptyRows();
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        TempData.Say(text["Competences.Saved", group.Name].Value);
        return RedirectToPage("Index");
    }

    private void AddEmptyRows() => Rows.AddRange(Enumerable.Range(0, EmptyRows).Select(_ => new Row()));
}
