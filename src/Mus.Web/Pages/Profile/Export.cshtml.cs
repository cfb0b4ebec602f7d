using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Pdf;

namespace Mus.Web.Pages.Profile;

/// <summary>The employee downloads everything kept about them, as JSON or as a readable PDF. Only ever their own.</summary>
[Authorize(Policy = Policies.Employee)]
public sealed class ExportModel(AppDbContext db, CurrentUser me, AuditTrail audit, TimeProvider time, IStringLocalizer<Text> text, ILogger<ExportModel> logger) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetJsonAsync()
    {
        var data = await CollectAsync();
        return data is null ? NotFound() : File(data.ToJson(), "application/json", "mine-mus-data.json");
    }

    public async Task<IActionResult> OnGetPdfAsync()
    {
        var data = await CollectAsync();
        if (data is null)
        {
            return NotFound();
        }

        try
        {
            return File(PersonalDataPdf.Render(data, text), "application/pdf", "mine-mus-data.pdf");
        }
        catch (PdfFontMissingException missingFont)
        {
            logger.LogError(missingFont, "The personal-data PDF could not be made");
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    private Task<PersonalData?> CollectAsync() =>
        me.PersonId is { } personId
            ? PersonalData.CollectAsync(db, audit, personId, key => text[key].Value, time.GetUtcNow())
            : Task.FromResult<PersonalData?>(null);
}
