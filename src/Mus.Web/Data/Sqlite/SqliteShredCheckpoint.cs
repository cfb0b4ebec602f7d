using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mus.Web.Data.Sqlite;

/// <summary>
/// After a shred commits on SQLite, moves the write-ahead log into the database file and empties it.
/// secure_delete zeroes the deleted row in its page, but older copies of that page stay in the WAL
/// until it is checkpointed and truncated: until then the wrapped data key could be read back.
/// </summary>
public sealed class SqliteShredCheckpoint : DbTransactionInterceptor
{
    public static SqliteShredCheckpoint Instance { get; } = new();

    private SqliteShredCheckpoint()
    {
    }

    /// <summary>Called right after compartments were deleted: at once outside a transaction, else when it commits.</summary>
    public static async Task AfterShredAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            await db.Database.ExecuteSqlRawAsync(Checkpoint, cancellationToken);
        }
        else
        {
            db.CheckpointAfterCommit = true;
        }
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext { CheckpointAfterCommit: true } db)
        {
            db.CheckpointAfterCommit = false;
            await CheckpointAsync(db, cancellationToken);
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext { CheckpointAfterCommit: true } db)
        {
            db.CheckpointAfterCommit = false;
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = Checkpoint;
            command.ExecuteNonQuery();
        }
    }

    // If a reader holds an old snapshot the checkpoint stops short; the next shred tries again.
    private const string Checkpoint = "PRAGMA wal_checkpoint(TRUNCATE);";

    // On the bare connection, still open after the commit: the context still holds the finished transaction.
    private static async Task CheckpointAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Checkpoint;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
