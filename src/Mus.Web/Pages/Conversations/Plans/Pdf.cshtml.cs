using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Pdf;
using Mus.Web.Pages.Conversations;

namespace Mus.Web.Pages.Conversations.Plans;

/// <summary>The plan as a PDF download, for the two parties only.</summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class PdfModel(AppDbContext db, ConversationAccess access, CurrentUser me, AuditTrail audit, TimeProvider time, IStringLocalizer<Text> text, ILogger<PdfModel> logger) : PageModel
{
    public async Task<IActionResult> OnGetAsync([FromRoute] int id)
    {
        var view = await PlanView.LoadAsync(db, access, me, id, ConversationOperations.ViewPlan);
        if (view is null)
        {
            return NotFound();
        }

        byte[] pdf;
        try
        {
            pdf = PlanPdf.Render(view, text, time.GetUtcNow());
        }
        catch (PdfFontMissingException missingFont)
        {
            // A server set up without the PDF font: say so in the log, show the error page, keep everything else working.
            logger.LogError(missingFont, "The plan PDF could not be made for conversation {ConversationId}", id);
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        audit.Record(id, Domain.Conversations.PartKind.Plan, AuditAction.Export);

        // The file name says whose plan and which version, never anything from its content.
        return File(pdf, "application/pdf", $"udviklingsplan-{id}-v{view.Plan.Number}.pdf");
    }
}
