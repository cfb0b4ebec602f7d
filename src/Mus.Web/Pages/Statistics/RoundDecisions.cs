using System.Collections.Concurrent;
using Mus.Web.Domain.Statistics;

namespace Mus.Web.Pages.Statistics;

/// <summary>
/// The rule's decisions for a round, kept per instance for the leaders' pages: deciding every cut of a
/// round of 25,000 takes longer than showing one unit's figures. A kept decision is used only while the
/// round's counted people and the unit tree are exactly as they were (<see cref="Fingerprint"/>): any
/// conversation held, opted out or back in, and any unit changed, gives another fingerprint, and the
/// next page decides again. So an opt-out still counts from the next request on.
/// </summary>
public sealed class RoundDecisions
{
    /// <summary>
    /// What the decisions depend on: the counted conversations (how many, and the sums of their ids
    /// and row versions, which only grow) and the units (likewise, with their parents).
    /// </summary>
    public sealed record Fingerprint(int Conversations, long ConversationIds, long ConversationVersions, int Units, long UnitVersions, long Parents);

    private readonly ConcurrentDictionary<(int Round, int Threshold), (Fingerprint Fingerprint, IReadOnlyList<CutDecision> Decisions)> kept = new();

    public static async Task<Fingerprint> FingerprintAsync(AppDbContext db, int roundId, CancellationToken cancellationToken = default)
    {
        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => c.RoundId == roundId && c.Status == ConversationStatus.Held && c.StatisticsOptOutAt == null)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Ids = g.Sum(c => (long)c.EmployeeId), Versions = g.Sum(c => c.Version) })
            .SingleOrDefaultAsync(cancellationToken);
        var units = await db.OrgUnits.AsNoTracking()
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Versions = g.Sum(u => u.Version), Parents = g.Sum(u => (long)(u.ParentId ?? 0)) })
            .SingleOrDefaultAsync(cancellationToken);
        return new Fingerprint(conversations?.Count ?? 0, conversations?.Ids ?? 0, conversations?.Versions ?? 0, units?.Count ?? 0, units?.Versions ?? 0, units?.Parents ?? 0);
    }

    public IReadOnlyList<CutDecision>? Kept(int roundId, int threshold, Fingerprint fingerprint) =>
        kept.TryGetValue((roundId, threshold), out var entry) && entry.Fingerprint == fingerprint ? entry.Decisions : null;

    public void Keep(int roundId, int threshold, Fingerprint fingerprint, IReadOnlyList<CutDecision> decisions) =>
        kept[(roundId, threshold)] = (fingerprint, decisions);
}
