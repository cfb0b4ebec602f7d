using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Data;

namespace Mus.Tests.Data;

/// <summary>The migrations kept beside the web project are the ones the application applies, and they describe its model.</summary>
public sealed class MigrationFolderTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryMigration_IsFound_Applied_AndDescribesTheModel(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, demo: false);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var known = db.Database.GetMigrations().ToList();
        Assert.Contains(known, m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Contains(known, m => m.EndsWith("_FollowUpMeeting", StringComparison.Ordinal));
        Assert.Equal(known, await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changed since the last migration: bash scripts/add-migration.sh Name");
    }
}
