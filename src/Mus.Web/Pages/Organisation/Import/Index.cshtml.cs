using System.ComponentModel.DataAnnotations;

namespace Mus.Web.Pages.Organisation.Import;

/// <summary>Upload of a people file; the report says line by line what is wrong, or what changed.</summary>
[Authorize(Policy = Policies.OrganisationManager)]
[RequestSizeLimit(MaxFileBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes + 64 * 1024)]
public sealed class IndexModel(PeopleImport import, IStringLocalizer<Text> text) : PageModel
{
    public const int MaxFileBytes = 20 * 1024 * 1024;

    [BindProperty]
    [Required(ErrorMessage = "Import.ChooseFile")]
    [Display(Name = "Import.File")]
    public IFormFile? Upload { get; set; }

    public ImportReport? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || Upload is null)
        {
            return Page();
        }

        if (Upload.Length > MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), text["Import.TooBig"]);
            return Page();
        }

        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, cancellationToken);
        Report = await import.ImportAsync(buffer.ToArray(), cancellationToken);
        if (!Report.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
