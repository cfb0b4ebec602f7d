using Mus.Web.Domain.Statistics;
using Mus.Web.Infrastructure.Crypto;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>
/// Publishes a round's figures once and serves that one publication to every page (HR's report and its
/// CSV, the leaders' summaries, the comparison with last year). Figures counted live would let two
/// reads tell what changed in between — one conversation held, one person opting out; published once,
/// they cannot. They are published the first time they are asked for after the round's conversation
/// deadline, or when HR publishes them early; before that there are none, and opting out is possible.
/// </summary>
public sealed class FiguresPublication(AppDbContext db, CompartmentCipher cipher, TimeProvider time, StatisticsOptions statistics)
{
    public sealed record Published(RoundReport Report, DateTimeOffset At);

    /// <summary>Whether the round's figures are published, or are due to be (the deadline has passed): then nobody can opt out any more.</summary>
    public async Task<bool> IsClosedAsync(int roundId, CancellationToken cancellationToken = default) =>
        await db.PublishedFigures.AnyAsync(p => p.RoundId == roundId, cancellationToken)
        || await db.Rounds.AnyAsync(r => r.Id == roundId && r.ConversationDeadline < DanishTime.Today(time), cancellationToken);

    /// <summary>The round's published figures, publishing them first when they are due; null while they are not (or there is no such round).</summary>
    public async Task<Published?> ReadAsync(int roundId, CancellationToken cancellationToken = default)
    {
        if (await StoredAsync(roundId, cancellationToken) is { } stored)
        {
            return stored;
        }

        var today = DanishTime.Today(time);
        return await db.Rounds.AnyAsync(r => r.Id == roundId && r.ConversationDeadline < today, cancellationToken)
            ? await PublishAsync(roundId, cancellationToken)
            : null;
    }

    /// <summary>Counts the round and publishes the figures; if they were published meanwhile (another request, another instance), those stand.</summary>
    public async Task<Published> PublishAsync(int roundId, CancellationToken cancellationToken = default)
    {
        if (await StoredAsync(roundId, cancellationToken) is { } stored)
        {
            return stored;
        }

        // The round's row is held while counting, so an opt-out is either in before the count or sees the
        // publication and is refused (ParticipationModel takes the same row); two publishers take turns.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await HoldRoundAsync(db, roundId, cancellationToken);
        if (await StoredAsync(roundId, cancellationToken) is { } meanwhile)
        {
            return meanwhile;
        }

        var report = await RoundCounting.CountAsync(db, cipher, roundId, statistics.Threshold, cancellationToken);
        var row = new PublishedFigures { RoundId = roundId, PublishedAt = time.GetUtcNow(), Document = report.Write() };
        db.PublishedFigures.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Published(report, row.PublishedAt);
    }

    /// <summary>
    /// Holds the round's row until the caller's transaction ends (a write that changes nothing: a row lock on
    /// PostgreSQL, the database's write lock on SQLite). Publishing and opting out both take it first.
    /// </summary>
    public static Task HoldRoundAsync(AppDbContext db, int roundId, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"Rounds\" SET \"Year\" = \"Year\" WHERE \"Id\" = {roundId}", cancellationToken);

    private async Task<Published?> StoredAsync(int roundId, CancellationToken cancellationToken)
    {
        var row = await db.PublishedFigures.AsNoTracking().Where(p => p.RoundId == roundId).Select(p => new { p.Document, p.PublishedAt }).SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : new Published(RoundReport.Read(row.Document), row.PublishedAt);
    }
}
