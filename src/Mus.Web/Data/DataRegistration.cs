using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mus.Web.Data.Postgres;
using Mus.Web.Data.Sqlite;
using Mus.Web.Infrastructure.Crypto;
using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Data;

public static class DataRegistration
{
    /// <summary>
    /// SQLite in a file under the data directory unless <c>Database:Provider=Postgres</c>; then
    /// <c>ConnectionStrings:Default</c> is required and start-up fails at once without it.
    /// </summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var dataDirectory = Infrastructure.Files.DataDirectory.Get(builder.Configuration);
        var configuredConnection = builder.Configuration.GetConnectionString("Default");
        var database = builder.AddSettings<DatabaseOptions>(DatabaseOptions.Section, database => database.ConnectionString =
            !string.IsNullOrWhiteSpace(configuredConnection) ? configuredConnection
            : database.IsSqlite ? $"Data Source={Path.Combine(dataDirectory, "mus.db")}"
            : "");

        if (database.IsSqlite)
        {
            // Microsoft.Data.Sqlite retries a locked database for the command timeout on top of SQLite's
            // own busy timeout: both are set, so a request waits this long and no longer.
            var busySeconds = database.BusyTimeoutSeconds;
            var connectionString = new SqliteConnectionStringBuilder(database.ConnectionString) { DefaultTimeout = busySeconds }.ConnectionString;
            // The options stay per request (EF's default): the context finds the request's AuditTrail through
            // them, which options built once would resolve from the root, shared by every request.
            builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(options => options
                .UseSqlite(connectionString)
                .AddInterceptors(new SqliteConnectionSettings(busySeconds), SqliteShredCheckpoint.Instance, CompartmentMaterializer.Instance)
                // The migrations that rebuild tables say so on every first start (PRAGMA foreign_keys outside
                // the transaction, a SQL step beside a rebuild); each was reviewed when it was written, so
                // an operator's log keeps warnings for what needs them. Still written at Debug.
                .ConfigureWarnings(warnings => warnings.Log(
                    (RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug),
                    (Microsoft.EntityFrameworkCore.Diagnostics.SqliteEventId.TableRebuildPendingWarning, LogLevel.Debug))));
        }
        else
        {
            // Npgsql prepares nothing unless told: each page's queries were planned anew at every request.
            // Prepared per connection once used a few times, they are planned once (an operator's own
            // "Max Auto Prepare" is kept).
            var postgres = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
            if (postgres.MaxAutoPrepare == 0)
            {
                postgres.MaxAutoPrepare = 256;
            }

            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>(options => options
                .UseNpgsql(postgres.ConnectionString)
                .AddInterceptors(CompartmentMaterializer.Instance));
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CompartmentCipher>();
        builder.Services.AddScoped<UnreadableCompartments>();
        builder.AddSettings<ShreddingOptions>(ShreddingOptions.Section, shredding => shredding.JournalPath =
            string.IsNullOrWhiteSpace(shredding.JournalPath) ? Path.Combine(dataDirectory, "shred-journal.jsonl") : Path.GetFullPath(shredding.JournalPath));
        builder.Services.AddSingleton<ShredJournal>();
        // Every published template, read once per instance and kept until a template is published.
        builder.Services.AddSingleton<PublishedTemplates>();
        builder.Services.AddDataProtection()
            .SetApplicationName("Mus")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(DataProtectionCertificate.Load(builder.AddSettings<KeyRingOptions>(KeyRingOptions.Section), dataDirectory));
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<OneConnectionPerPage>());
        return builder;
    }
}
