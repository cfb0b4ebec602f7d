using Microsoft.EntityFrameworkCore.Infrastructure;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Data;

public static class DatabaseMigrator
{
    /// <summary>
    /// Applies pending migrations. EF Core takes a database lock while migrating, so several
    /// instances starting together do not race. On SQLite it also switches the file to WAL. Then the
    /// built-in templates are added where missing.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL is a property of the file and survives restarts; set it before the first write.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }

        // Up to date: nothing to do. An application whose role may not create tables (the PostgreSQL
        // setup in docs/postgres-audit-role.sql) then starts; the owner runs `migrate` for upgrades.
        // An empty database has no history table: asked for its rows, PostgreSQL would log an error on a
        // first start. Without the table every migration is pending.
        var history = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>();
        var historyExists = await HistoryExistsAsync(db, history, cancellationToken);
        var pending = historyExists
            ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
            : db.Database.GetMigrations().ToList();
        if (!historyExists)
        {
            // Made here, so that the migrator's own look for it (a failing read on PostgreSQL) finds it.
            await history.CreateIfNotExistsAsync(cancellationToken);
        }

        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await db.EnsureBuiltInTemplatesAsync(time, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<CompartmentCipher>().LoadAsync(db, time, cancellationToken);
        if (pending.Any(m => m.EndsWith("_FiguresForStatistics", StringComparison.Ordinal)))
        {
            // Conversations from before statistics were kept: take out what may be counted, once.
            await Data.Derived.FiguresWriter.CountEveryConversationAsync(services, cancellationToken);
        }
    }

    /// <summary>
    /// Whether the history table is there. Npgsql's own check reads the table and lets PostgreSQL fail
    /// (logged by EF as an error, though expected), so PostgreSQL is asked by name instead.
    /// </summary>
    private static async Task<bool> HistoryExistsAsync(AppDbContext db, Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository history, CancellationToken cancellationToken) =>
        db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true
            ? await db.Database.SqlQueryRaw<bool>("""SELECT to_regclass('"__EFMigrationsHistory"') IS NOT NULL AS "Value" """).SingleAsync(cancellationToken)
            : await history.ExistsAsync(cancellationToken);
}
