using Microsoft.AspNetCore.Http.HttpResults;
using Mus.Web.Api;
using Mus.Web.Domain.Plans;

namespace Mus.Web.Api.V1;

/// <summary>
/// What pairs agreed to pass on, as HR's page lists it: the only compartment HR reads. Paged by
/// conversation (each page opens only its own compartments); the status filters the items within.
/// </summary>
public static class ApiForwarded
{
    public static async Task<Ok<ForwardedItemPage>> ListAsync(string? status, string? page, string? pageSize, AppDbContext db)
    {
        var (number, size, skip) = ApiEndpoints.Paging(page, pageSize);
        ForwardedStatus? only = null;
        if (status is not null)
        {
            only = Enum.TryParse<ForwardedStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ApiRefusal(StatusCodes.Status400BadRequest, $"'status' is one of {string.Join(", ", Enum.GetNames<ForwardedStatus>())}.");
        }

        var all = db.ConversationParts.AsNoTracking().Where(p => p.Kind == PartKind.Forwarded);
        var total = await all.CountAsync();
        var parts = await all.OrderBy(p => p.ConversationId).Skip(skip).Take(size).ToListAsync();
        var ids = parts.Select(p => p.ConversationId).ToList();
        var about = await db.Conversations.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Employee!.EmployeeNumber, Employee = c.Employee.Name, Unit = c.Employee.OrgUnit!.Name, Round = c.Round!.Name })
            .ToDictionaryAsync(c => c.Id);
        return TypedResults.Ok(new ForwardedItemPage(number, size, total, parts
            .SelectMany(p => ForwardedItems.Read(p.Content).Items.Select(item => (p.ConversationId, Item: item)))
            .Where(x => only is null || x.Item.Status == only)
            .OrderBy(x => x.ConversationId).ThenBy(x => x.Item.ApprovedAt)
            .Select(x =>
            {
                var conversation = about[x.ConversationId];
                return new ForwardedItemStatus(x.ConversationId, conversation.EmployeeNumber, conversation.Employee, conversation.Unit, conversation.Round,
                    x.Item.PlanNumber, x.Item.Text, x.Item.ApprovedAt, x.Item.Status, x.Item.StatusChangedAt);
            })
            .ToList()));
    }
}
