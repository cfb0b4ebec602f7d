namespace Mus.Web.Pages.Profile;

/// <summary>An employee's receipts for content destroyed about them, newest first, with names and rounds to make them readable.</summary>
public static class Receipts
{
    public sealed record Line(DateTimeOffset ShreddedAt, PartKind Compartment, string FormerLeader, string Round, string Reason);

    public static async Task<IReadOnlyList<Line>> ForAsync(AppDbContext db, int? employeeId, DateTimeOffset? since = null)
    {
        var receipts = await db.ShredReceipts.AsNoTracking()
            .Where(r => r.EmployeeId == employeeId)
            .Select(r => new
            {
                r.ShreddedAt,
                r.Compartment,
                r.Reason,
                FormerLeader = db.People.Where(p => p.Id == r.FormerLeaderId).Select(p => p.Name).FirstOrDefault(),
                Round = db.Conversations.Where(c => c.Id == r.ConversationId).Select(c => c.Round!.Name).FirstOrDefault(),
            })
            .ToListAsync();
        // Ordered here: SQLite cannot order by a DateTimeOffset.
        return [.. receipts
            .Where(r => since is null || r.ShreddedAt >= since)
            .OrderByDescending(r => r.ShreddedAt)
            .Select(r => new Line(r.ShreddedAt, r.Compartment, r.FormerLeader ?? "–", r.Round ?? "–", r.Reason))];
    }
}
