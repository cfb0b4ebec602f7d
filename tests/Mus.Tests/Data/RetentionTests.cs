using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Domain.Conversations;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Crypto;
using Mus.Web.Infrastructure.Retention;

namespace Mus.Tests.Data;

/// <summary>The retention sweep shreds what is past its period, and only that, however often it runs.</summary>
public sealed class RetentionTests
{
    private static async Task<RetentionSweep.Result> SweepAsync(MusApp app, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunAsync(now);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PastItsPeriod_IsShreddedAndJournalled_TheRestStays_AndASecondRunDoesNothing(string provider)
    {
        // Plans and follow-ups kept 6 months: last year's demo plans (held about 11 months ago) are past it.
        await using var app = await MusApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Retention:PlanMonths"] = "6", ["Retention:FollowUpsMonths"] = "6", ["Retention:ForwardedMonths"] = "6" });
        var lastYear = $"MUS {DateTime.UtcNow.Year - 1}";
        var before = await app.WithDbAsync(db => db.ConversationParts.CountAsync(p => db.Conversations.Any(c => c.Id == p.ConversationId && c.Round!.Name == lastYear)));
        Assert.Equal(5, before);
        await app.WithDbAsync(db =>
        {
            db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow.AddMonths(-14), ConversationId = 1, Compartment = PartKind.Plan, Action = AuditAction.Read, Purpose = "old" });
            db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow.AddMonths(-2), ConversationId = 1, Compartment = PartKind.Plan, Action = AuditAction.Read, Purpose = "recent" });
            return db.SaveChangesAsync();
        });

        var first = await SweepAsync(app, DateTimeOffset.UtcNow);
        var second = await SweepAsync(app, DateTimeOffset.UtcNow);

        Assert.Equal(new RetentionSweep.Result(5, 1), first);
        Assert.Equal(new RetentionSweep.Result(0, 0), second);
        Assert.Equal(0, await app.WithDbAsync(db => db.ConversationParts.CountAsync(p => db.Conversations.Any(c => c.Id == p.ConversationId && c.Round!.Name == lastYear))));
        var purposes = await app.WithDbAsync(db => db.AuditEntries.Select(e => e.Purpose).ToListAsync());
        Assert.DoesNotContain("old", purposes);
        Assert.Contains("recent", purposes);
        Assert.Equal(5, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditAction.Destroy)));
        var journal = await File.ReadAllLinesAsync(app.Services.GetRequiredService<ShredJournal>().Path);
        Assert.Equal(5, journal.Count(line => line.Contains("\"retention\"", StringComparison.Ordinal)));
    }
}
