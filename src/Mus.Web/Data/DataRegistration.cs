using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mus.Web.Data.Postgres;
using Mus.Web.Data.Sqlite;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Data;

public static class DataRegistration
{
    public const string SqliteProvider = "Sqlite";
    public const string PostgresProvider = "Postgres";

    /// <summary>
    /// SQLite in a file under the data directory unless <c>Database:Provider=Postgres</c>; then
    /// <c>ConnectionStrings:Default</c> is required and start-up fails at once without it.
    /// </summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration["Database:Provider"] ?? SqliteProvider;
        var connectionString = builder.Configuration.GetConnectionString("Default");

        if (string.Equals(provider, SqliteProvider, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var directory = DataDirectory.Get(builder.Configuration);
                connectionString = $"Data Source={Path.Combine(directory, "mus.db")}";
            }

            // Microsoft.Data.Sqlite retries a locked database for the command timeout on top of SQLite's
            // own busy timeout: both are set, so a request waits this long and no longer.
            var busySeconds = builder.Configuration.GetValue("Database:BusyTimeoutSeconds", 5);
            if (busySeconds < 1)
            {
                throw new InvalidOperationException("Database:BusyTimeoutSeconds must be at least 1.");
            }

            connectionString = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = busySeconds }.ConnectionString;
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
        else if (string.Equals(provider, PostgresProvider, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres, so ConnectionStrings:Default must be set.");
            }

            // Npgsql prepares nothing unless told: each page's queries were planned anew at every request.
            // Prepared per connection once used a few times, they are planned once (an operator's own
            // "Max Auto Prepare" is kept).
            var postgres = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            if (postgres.MaxAutoPrepare == 0)
            {
                postgres.MaxAutoPrepare = 256;
                connectionString = postgres.ConnectionString;
            }

            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>(options => options
                .UseNpgsql(connectionString)
                .AddInterceptors(CompartmentMaterializer.Instance));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider must be '{SqliteProvider}' or '{PostgresProvider}', not '{provider}'.");
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CompartmentCipher>();
        builder.Services.AddScoped<UnreadableCompartments>();
        builder.Services.AddDataProtection()
            .SetApplicationName("Mus")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(DataProtectionCertificate.Load(builder.Configuration));
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<OneConnectionPerPage>());
        return builder;
    }
}
