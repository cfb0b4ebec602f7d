namespace Mus.Web.Pages.Guidance;

/// <summary>
/// The guidance panel beside the preparation, the guide, the plan and the follow-ups: our advice for
/// the viewer's role in that phase, HR's note, and a link to the whole guidance.
/// <c>&lt;vc:guidance-beside for-leader="…" phase="…" /&gt;</c>.
/// </summary>
public sealed class GuidanceBesideViewComponent(AppDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(bool forLeader, GuidancePhase phase)
    {
        var notes = await db.OrganisationGuidance.AsNoTracking().SingleOrDefaultAsync();
        return View("/Pages/Guidance/_GuidanceBeside.cshtml", new GuidanceBeside(forLeader, phase, notes?.NoteFor(phase)));
    }
}
