using System.Collections.Concurrent;

namespace Mus.Web.Pages.Rounds;

/// <summary>
/// HR's figures for a round: conversations by status, a row per unit, preparations ready, reminders
/// sent. At 25,000 conversations counting them takes tens of milliseconds, and on a deadline morning
/// several HR people keep reloading the page; so each instance counts a round at most once per
/// <c>Rounds:FiguresFreshSeconds</c> (10 by default; 0 counts on every request), and the page says
/// when they were counted. Requests that arrive while a count runs wait for it rather than start their
/// own. The list of conversations under the figures is always read fresh.
/// </summary>
public sealed class RoundFigures(IServiceScopeFactory scopes, TimeProvider time, TimeSpan freshFor)
{
    public sealed record Counted(DateTimeOffset At, IReadOnlyDictionary<ConversationStatus, int> ByStatus, IReadOnlyList<UnitProgress.Row> Units, int RemindersSent, int EmployeesReady, int LeadersReady);

    private readonly ConcurrentDictionary<int, Lazy<Task<Counted>>> counts = new();

    public async Task<Counted> ForAsync(int roundId)
    {
        if (freshFor == TimeSpan.Zero)
        {
            return await CountAsync(roundId);
        }

        for (var attempt = 0; ; attempt++)
        {
            var entry = counts.GetOrAdd(roundId, id => new Lazy<Task<Counted>>(() => CountAsync(id)));
            Counted counted;
            try
            {
                counted = await entry.Value;
            }
            catch
            {
                // A failed count is not kept: the next request counts again.
                counts.TryRemove(KeyValuePair.Create(roundId, entry));
                throw;
            }

            // A count this request waited for is fresh enough whatever it took.
            if (attempt > 0 || time.GetUtcNow() - counted.At <= freshFor)
            {
                return counted;
            }

            // Too old: whoever removes it first makes room for a new count, which the others then wait for.
            counts.TryRemove(KeyValuePair.Create(roundId, entry));
        }
    }

    private async Task<Counted> CountAsync(int roundId)
    {
        // A scope of its own: the count may serve several requests, and outlive the one that started it.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        var at = time.GetUtcNow();
        var byStatus = await db.Conversations.Where(c => c.RoundId == roundId)
            .GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count);
        var units = await UnitProgress.ForAsync(db, roundId);
        var remindersSent = await db.SentReminders.CountAsync(r => db.Conversations.Any(c => c.Id == r.ConversationId && c.RoundId == roundId));
        var ready = await db.ConversationParts
            .Where(p => p.ReadyAt != null && (p.Kind == PartKind.EmployeePreparation || p.Kind == PartKind.LeaderPreparation))
            .Where(p => db.Conversations.Any(c => c.Id == p.ConversationId && c.RoundId == roundId))
            .GroupBy(p => p.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Kind, g => g.Count);
        return new Counted(at, byStatus, units, remindersSent, ready.GetValueOrDefault(PartKind.EmployeePreparation), ready.GetValueOrDefault(PartKind.LeaderPreparation));
    }
}
