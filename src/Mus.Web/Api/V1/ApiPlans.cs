using Microsoft.AspNetCore.Http.HttpResults;
using Mus.Web.Api;
using Mus.Web.Domain.Plans;
using Mus.Web.Pages.Conversations.Plans;
using Mus.Web.Pages.Conversations.Plans.Journal;

namespace Mus.Web.Api.V1;

/// <summary>
/// Approved plans, as the personnel file gets them: the latest version both approved (also after an
/// amendment not yet approved), never a draft, and nothing else of the conversation.
/// </summary>
public static class ApiPlans
{
    public static async Task<Ok<ApprovedPlanPage>> ListAsync(string? roundId, string? page, string? pageSize, AppDbContext db)
    {
        var round = ApiCalls.Number(roundId, "roundId");
        var (number, size, skip) = ApiEndpoints.Paging(page, pageSize);
        // The approval's time stands on the conversation (ADR 7): listing opens no plan.
        var approved = db.Conversations.AsNoTracking().Where(c => c.PlanApprovedAt != null && (round == null || c.RoundId == round));
        var total = await approved.CountAsync();
        var items = await approved.OrderBy(c => c.Id).Skip(skip).Take(size)
            .Select(c => new ApprovedPlanSummary(c.Id, c.Employee!.EmployeeNumber, c.RoundId, c.PlanApprovedAt!.Value))
            .ToListAsync();
        return TypedResults.Ok(new ApprovedPlanPage(number, size, total, items));
    }

    public static async Task<Ok<ApprovedPlan>> GetAsync(string conversationId, AppDbContext db)
    {
        var id = ApiCalls.Id(conversationId, "plan");
        var (view, approved, employeeNumber) = await JournalExtract.ReadApprovedAsync(db, id, number: null)
            ?? throw new ApiRefusal(StatusCodes.Status404NotFound, $"Conversation {id} has no plan both approved.");
        return TypedResults.Ok(new ApprovedPlan(
            view.ConversationId, employeeNumber, view.EmployeeName, view.ApproverName(PlanParty.Leader), view.RoundName, approved.Number,
            approved.EmployeeApproval!.At, approved.LeaderApproval!.At, approved.Hash,
            approved.Content.Goals.Select(g => new ApprovedGoal(g.Title, g.Actions.Select(a => new ApprovedAction(a.What, a.Why, a.How, a.Who, a.ByWhen, a.FollowUpOn, a.Status, a.GoesFurther)).ToList())).ToList()));
    }

    public static async Task<FileContentHttpResult> PdfAsync(string conversationId, AppDbContext db, IStringLocalizer<Text> text, TimeProvider time)
    {
        var id = ApiCalls.Id(conversationId, "plan");
        var extract = await JournalExtract.MakeAsync(db, text, id, number: null, time.GetUtcNow())
            ?? throw new ApiRefusal(StatusCodes.Status404NotFound, $"Conversation {id} has no plan both approved.");
        return TypedResults.File(extract.Pdf, "application/pdf", extract.Metadata.FileName);
    }
}
