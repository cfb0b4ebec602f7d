using Microsoft.AspNetCore.Http.HttpResults;
using Mus.Web.Api;
using Mus.Web.Domain.Conversations;

namespace Mus.Web.Api.V1;

/// <summary>Rounds and their conversations' status: counts and dates, never content.</summary>
public static class ApiRounds
{
    public static async Task<Ok<List<RoundStatus>>> ListAsync(AppDbContext db) =>
        TypedResults.Ok(await StatusAsync(db, db.Rounds.AsNoTracking()));

    public static async Task<Ok<RoundStatus>> GetAsync(string id, AppDbContext db)
    {
        var roundId = ApiCalls.Id(id, "round");
        var found = await StatusAsync(db, db.Rounds.AsNoTracking().Where(r => r.Id == roundId));
        return found.Count == 1 ? TypedResults.Ok(found[0]) : throw new ApiRefusal(StatusCodes.Status404NotFound, $"There is no round {id}.");
    }

    public static async Task<Ok<ConversationStatusPage>> ConversationsAsync(string id, string? page, string? pageSize, AppDbContext db)
    {
        var roundId = ApiCalls.Id(id, "round");
        var (number, size, skip) = ApiEndpoints.Paging(page, pageSize);
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId))
        {
            throw new ApiRefusal(StatusCodes.Status404NotFound, $"There is no round {id}.");
        }

        var conversations = db.Conversations.AsNoTracking().Where(c => c.RoundId == roundId);
        var total = await conversations.CountAsync();
        var items = await conversations.OrderBy(c => c.Id).Skip(skip).Take(size)
            .Select(c => new ConversationStatusItem(c.Id, c.Employee!.EmployeeNumber, c.Leader!.EmployeeNumber, c.Status, c.ScheduledStart, c.HeldAt, c.PlanApprovedAt))
            .ToListAsync();
        return TypedResults.Ok(new ConversationStatusPage(number, size, total, items));
    }

    /// <summary>The rounds with their counts: one grouped query over the conversations.</summary>
    private static async Task<List<RoundStatus>> StatusAsync(AppDbContext db, IQueryable<Round> rounds)
    {
        // Newest first (by id: SQLite cannot order by a time with an offset).
        var list = await rounds.OrderByDescending(r => r.Id)
            .Select(r => new { r.Id, r.Name, r.Year, r.OpenedAt, r.PreparationDeadline, r.ConversationDeadline })
            .ToListAsync();
        var ids = list.Select(r => r.Id).ToList();
        var counts = (await db.Conversations.AsNoTracking()
                .Where(c => ids.Contains(c.RoundId))
                .GroupBy(c => new { c.RoundId, c.Status })
                .Select(g => new { g.Key.RoundId, g.Key.Status, Count = g.Count(), Approved = g.Count(c => c.PlanApprovedAt != null) })
                .ToListAsync())
            .ToLookup(c => c.RoundId);
        return list.Select(r =>
        {
            var of = counts[r.Id].ToList();
            int Count(ConversationStatus status) => of.Where(c => c.Status == status).Sum(c => c.Count);
            return new RoundStatus(r.Id, r.Name, r.Year, r.OpenedAt, r.PreparationDeadline, r.ConversationDeadline, of.Sum(c => c.Count),
                Count(ConversationStatus.Preparing), Count(ConversationStatus.Held), Count(ConversationStatus.Excused), Count(ConversationStatus.Declined), of.Sum(c => c.Approved));
        }).ToList();
    }
}
