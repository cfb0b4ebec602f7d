using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Data;
using Mus.Web.Infrastructure.Audit;

namespace Mus.Tests.Data;

/// <summary>What each request's database context is tied to, and what each SQLite connection is set up with.</summary>
public sealed class ContextPerRequestTests
{
    [Fact]
    public async Task TheContextRecordsReadsInTheAuditTrailOfItsOwnRequest_NotOneSharedByAll()
    {
        await using var app = await MusApp.StartAsync(demo: false);
        await using var first = app.Services.CreateAsyncScope();
        await using var second = app.Services.CreateAsyncScope();

        var firstTrail = first.ServiceProvider.GetRequiredService<AppDbContext>().GetService<AuditTrail>();
        var secondTrail = second.ServiceProvider.GetRequiredService<AppDbContext>().GetService<AuditTrail>();

        Assert.Same(first.ServiceProvider.GetRequiredService<AuditTrail>(), firstTrail);
        Assert.Same(second.ServiceProvider.GetRequiredService<AuditTrail>(), secondTrail);
        Assert.NotSame(firstTrail, secondTrail);
    }

    [Fact]
    public async Task EverySqliteConnection_WaitsForTheWriteLock_AndOverwritesWhatIsDeleted_AlsoWhenThePoolHandsItBack()
    {
        await using var app = await MusApp.StartAsync(demo: false, settings: new Dictionary<string, string?> { ["Database:BusyTimeoutSeconds"] = "7" });

        // New handles (the pool emptied before each) and a handle the pool hands back (no emptying).
        foreach (var clearPool in new[] { true, false, true, false })
        {
            if (clearPool)
            {
                SqliteConnection.ClearAllPools();
            }

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(7000L, await command.ExecuteScalarAsync());
            command.CommandText = "PRAGMA secure_delete";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }
    }
}
