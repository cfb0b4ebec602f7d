using Microsoft.EntityFrameworkCore.Storage;
using Mus.Web.Domain.Statistics;
using Mus.Web.Infrastructure.Crypto;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>
/// Reads a round for its figures: the unit tree and the held conversations not opted out, each with its
/// sealed figures opened. <see cref="RoundReport.Build"/> (no database) decides what may be shown.
/// </summary>
public static class RoundCounting
{
    /// <summary>Counts the round as it is now (for publishing it: pages read the published figures).</summary>
    public static async Task<RoundReport> CountAsync(AppDbContext db, CompartmentCipher cipher, int roundId, int threshold, CancellationToken cancellationToken = default)
    {
        var (parentOf, held) = await ReadAsync(db, cipher, roundId, cancellationToken);
        return RoundReport.Build(threshold, parentOf, held);
    }

    /// <summary>The unit tree and the round's held conversations as counted, their figures opened: what <see cref="RoundReport.Build"/> decides over.</summary>
    public static async Task<(Dictionary<int, int?> ParentOf, List<RoundReport.Counted> Held)> ReadAsync(AppDbContext db, CompartmentCipher cipher, int roundId, CancellationToken cancellationToken = default)
    {
        var deadline = await db.Rounds.Where(r => r.Id == roundId).Select(r => r.ConversationDeadline).SingleAsync(cancellationToken);
        var parentOf = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ParentId, cancellationToken);
        return (parentOf, Open(cipher, await ReadHeldAsync(db, roundId, cancellationToken), deadline));
    }

    private static List<RoundReport.Counted> Open(CompartmentCipher cipher, List<HeldRow> held, DateOnly deadline)
    {
        // Opening is the costly part (a hundred thousand small ciphertexts for a large round): both halves
        // of the round at once, each with its own cipher. Figures that do not open (altered or moved in
        // the database) are not counted.
        var opened = new string?[held.Count][];
        Parallel.ForEach(
            held.Count == 0 ? [] : System.Collections.Concurrent.Partitioner.Create(0, held.Count, (held.Count / Environment.ProcessorCount) + 1).GetDynamicPartitions(),
            range =>
            {
                using var opener = cipher.OpenFigures();
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var row = held[i];
                    opened[i] = [.. row.Sealed.Select(c => opener.Open(c.Sealed, row.ConversationId, c.Kind) is { } plain ? System.Text.Encoding.UTF8.GetString(plain) : null)];
                }
            });

        var counted = new List<RoundReport.Counted>(held.Count);
        for (var i = 0; i < held.Count; i++)
        {
            var row = held[i];
            var onTime = row.HeldAt is { } at && DateOnly.FromDateTime(DanishTime.ToLocal(at)) <= deadline;
            counted.Add(new RoundReport.Counted(row.EmployeeId, row.UnitId, row.JobGroupId, [new(RoundReport.HeldOnTime, onTime ? "yes" : "no")]) { Encoded = [.. opened[i].OfType<string>()] });
        }

        return counted;
    }

    private sealed record HeldRow(int ConversationId, int EmployeeId, int? UnitId, int? JobGroupId, DateTimeOffset? HeldAt, List<(PartKind Kind, byte[] Sealed)> Sealed);

    private static readonly PartKind[] Columns = [.. Enum.GetValues<PartKind>().Where(Figures.Counts)];

    // Read with a plain data reader: Entity Framework took three times as long to hand over a hundred
    // thousand small byte arrays as the database took to read them.
    private static async Task<List<HeldRow>> ReadHeldAsync(AppDbContext db, int roundId, CancellationToken cancellationToken)
    {
        var columns = string.Concat(Columns.Select(kind => $", f.\"{ConversationFigures.Column(kind)}\""));
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $$"""
                SELECT c."Id", c."EmployeeId", c."UnitIdAtRound", c."JobGroupIdAtRound", c."HeldAt"{{columns}}
                FROM "Conversations" c LEFT JOIN "ConversationFigures" f ON f."ConversationId" = c."Id"
                WHERE c."RoundId" = @round AND c."Status" = 'Held' AND c."StatisticsOptOutAt" IS NULL
                """;
            var round = command.CreateParameter();
            round.ParameterName = "@round";
            round.Value = roundId;
            command.Parameters.Add(round);
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var rows = new List<HeldRow>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                int? Number(int i) => reader.IsDBNull(i) ? null : Convert.ToInt32(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                var sealedColumns = new List<(PartKind, byte[])>(Columns.Length);
                for (var column = 0; column < Columns.Length; column++)
                {
                    if (!reader.IsDBNull(5 + column))
                    {
                        sealedColumns.Add((Columns[column], (byte[])reader.GetValue(5 + column)));
                    }
                }

                rows.Add(new HeldRow(
                    reader.GetInt32(0), reader.GetInt32(1), Number(2), Number(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                    sealedColumns));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
