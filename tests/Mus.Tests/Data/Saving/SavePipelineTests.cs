using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Data;
using Mus.Web.Data.Derived;
using Mus.Web.Data.Saving;
using Mus.Web.Domain;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Tests.Data.Saving;

/// <summary>The save pipeline, one interceptor at a time, through a real context on each database.</summary>
public sealed class SavePipelineTests
{
    private const string Canary = "Kanariefugl-5be1: kun i forseglet form";

    [Fact]
    public void ThePipeline_RunsInTheOrderItsConcernsNeed()
    {
        Assert.Equal(
            [typeof(VersionInterceptor), typeof(FiguresInterceptor), typeof(SealingInterceptor), typeof(AuditInterceptor), typeof(StorageErrorInterceptor)],
            SavePipeline.Interceptors.Select(i => i.GetType()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Versions_MoveWithEachSave_AndSealing_BindsTheContentToTheVersion(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var cipher = scope.ServiceProvider.GetRequiredService<CompartmentCipher>();
        var id = await db.Conversations.Where(c => !db.ConversationParts.Any(p => p.ConversationId == c.Id)).Select(c => c.Id).FirstAsync();
        var part = new ConversationPart { ConversationId = id, Kind = PartKind.SharedNotes, Content = $"{{\"note\":\"{Canary}\"}}" };
        db.ConversationParts.Add(part);

        await db.SaveChangesAsync();

        Assert.Equal(1, part.Version);
        Assert.DoesNotContain(Canary, Encoding.UTF8.GetString(part.Sealed!), StringComparison.Ordinal);
        Assert.Equal(part.Content, cipher.Open(part.Sealed!, part.WrappedKey!, id, PartKind.SharedNotes, 1));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ConversationId == id && e.Compartment == PartKind.SharedNotes && e.Action == AuditAction.Change));

        // Only the content changed (not a mapped column): the row is still saved, under a new version.
        part.Content = "{\"note\":\"anden udgave\"}";
        await db.SaveChangesAsync();

        Assert.Equal(2, part.Version);
        Assert.Equal(2, await db.ConversationParts.Where(p => p.Id == part.Id).Select(p => p.Version).SingleAsync());
        Assert.Equal(part.Content, cipher.Open(part.Sealed!, part.WrappedKey!, id, PartKind.SharedNotes, 2));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => cipher.Open(part.Sealed!, part.WrappedKey!, id, PartKind.SharedNotes, 1));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Figures_GoInWithTheSave_AndNotWithOneThatFails_WhoseReadsWaitForTheNext(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var id = await db.Conversations.Where(c => !db.ConversationParts.Any(p => p.ConversationId == c.Id)).Select(c => c.Id).FirstAsync();
        var part = new ConversationPart { ConversationId = id, Kind = PartKind.EmployeeEvaluation, Content = Answers.Write(new Dictionary<string, string> { ["eval-useful"] = "4" }) };
        db.ConversationParts.Add(part);
        await db.SaveChangesAsync();
        var counted = await db.ConversationFigures.AsNoTracking().Where(f => f.ConversationId == id).Select(f => f.EmployeeEvaluation).SingleAsync();
        Assert.NotNull(counted);

        // Someone else saved meanwhile: this save fails whole, its figures with it.
        await db.ConversationParts.Where(p => p.Id == part.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.Version, 7));
        part.Content = Answers.Write(new Dictionary<string, string> { ["eval-useful"] = "1" });
        audit.Record(id, PartKind.Plan, AuditAction.Read);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());

        Assert.Equal(counted, await db.ConversationFigures.AsNoTracking().Where(f => f.ConversationId == id).Select(f => f.EmployeeEvaluation).SingleAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.ConversationId == id && e.Compartment == PartKind.Plan));
        Assert.True(audit.HasPending);

        // The read happened, so it goes in with the next save that succeeds; the change that failed does not.
        db.ChangeTracker.Clear();
        db.JobGroups.Add(new JobGroup { Name = "Gruppe til næste gemning" });
        await db.SaveChangesAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ConversationId == id && e.Compartment == PartKind.Plan && e.Action == AuditAction.Read));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ConversationId == id && e.Compartment == PartKind.EmployeeEvaluation && e.Action == AuditAction.Change));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ARefusalThatIsNoConflict_IsNamedForWhatItIs_AndAConflictStaysAConflict(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        db.JobGroups.Add(new JobGroup { Name = null! });
        var refused = await Assert.ThrowsAsync<StorageFailedException>(() => db.SaveChangesAsync());
        Assert.IsAssignableFrom<DbUpdateException>(refused.InnerException);

        db.ChangeTracker.Clear();
        var group = await db.JobGroups.FirstAsync();
        await db.JobGroups.Where(g => g.Id == group.Id).ExecuteUpdateAsync(g => g.SetProperty(x => x.Version, x => x.Version + 1));
        group.Name += " (ændret)";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
    }
}
