using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mus.Tests.Infrastructure;
using Mus.Web.Data.Derived;
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

    /// <summary>The kinds the tests give a period of six months: the plan and what hangs on it.</summary>
    private static readonly PartKind[] PlanKinds = [PartKind.Plan, PartKind.FollowUps, PartKind.Forwarded];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CountsOfWrongPasswords_AreForgottenAfterADay(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        var now = TestClock.UtcNow.UtcDateTime;
        await app.WithDbAsync(db =>
        {
            db.SignInThrottles.Add(new Mus.Web.Infrastructure.Auth.SignInThrottle { Key = new string('a', 64), Failures = 9, LastFailureAt = now.AddHours(-25), BlockedUntil = now.AddHours(-24) });
            db.SignInThrottles.Add(new Mus.Web.Infrastructure.Auth.SignInThrottle { Key = new string('b', 64), Failures = 9, LastFailureAt = now.AddHours(-1), BlockedUntil = now.AddMinutes(10) });
            return db.SaveChangesAsync();
        });
        Assert.Equal(2, await app.WithDbAsync(db => db.SignInThrottles.CountAsync()));

        var result = await SweepAsync(app, TestClock.UtcNow);

        Assert.Equal(1, result.SignInThrottles);
        Assert.Equal([new string('b', 64)], await app.WithDbAsync(db => db.SignInThrottles.Select(t => t.Key).ToListAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PastItsPeriod_IsShreddedAndJournalled_TheRestStays_AndASecondRunDoesNothing(string provider)
    {
        // Plans and follow-ups kept 6 months: last year's demo plans (held about 11 months ago) are past it.
        await using var app = await MusApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Retention:PlanMonths"] = "6", ["Retention:FollowUpsMonths"] = "6", ["Retention:ForwardedMonths"] = "6" });
        var lastYear = $"MUS {TestClock.UtcNow.UtcDateTime.Year - 1}";
        var before = await app.WithDbAsync(db => db.ConversationParts.CountAsync(p => PlanKinds.Contains(p.Kind) && db.Conversations.Any(c => c.Id == p.ConversationId && c.Round!.Name == lastYear)));
        Assert.Equal(5, before);
        await app.WithDbAsync(db =>
        {
            db.AuditEntries.Add(new AuditEntry { At = TestClock.UtcNow.AddMonths(-14), ConversationId = 1, Compartment = PartKind.Plan, Action = AuditAction.Read, Purpose = "old" });
            db.AuditEntries.Add(new AuditEntry { At = TestClock.UtcNow.AddMonths(-2), ConversationId = 1, Compartment = PartKind.Plan, Action = AuditAction.Read, Purpose = "recent" });
            return db.SaveChangesAsync();
        });

        // Ida shared an action of last year's plan with her team, and the plan was counted.
        var idas = await app.WithDbAsync(db => db.Conversations.Where(c => c.Round!.Name == lastYear && c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber).Select(c => new { c.Id, c.EmployeeId }).SingleAsync());
        await app.WithDbAsync(db =>
        {
            var cipher = app.Services.GetRequiredService<CompartmentCipher>();
            db.SharedActions.Add(new Mus.Web.Domain.Plans.SharedAction { ConversationId = idas.Id, ActionKey = "demo-ida-1a", EmployeeId = idas.EmployeeId, SealedWhat = Mus.Web.Data.Derived.SharedActions.Seal(cipher, idas.Id, "demo-ida-1a", "Grundkursus i SRO"), SharedAt = TestClock.UtcNow });
            return db.SaveChangesAsync();
        });
        Assert.True(await app.WithDbAsync(db => db.ConversationFigures.AnyAsync(f => f.ConversationId == idas.Id && f.Plan != null)));

        var first = await SweepAsync(app, TestClock.UtcNow);
        var second = await SweepAsync(app, TestClock.UtcNow);

        // What was taken from the plan went with it: the shared action, and what was counted from it.
        Assert.False(await app.WithDbAsync(db => db.SharedActions.AnyAsync()));
        Assert.False(await app.WithDbAsync(db => db.ConversationFigures.AnyAsync(f => f.Plan != null && db.Conversations.Any(c => c.Id == f.ConversationId && c.Round!.Name == lastYear))));
        Assert.True(await app.WithDbAsync(db => db.ConversationFigures.AnyAsync(f => f.ConversationId == idas.Id && f.SharedNotes != null)));

        Assert.Equal(new RetentionSweep.Result(5, 1), first);
        Assert.Equal(new RetentionSweep.Result(0, 0), second);
        Assert.Equal(0, await app.WithDbAsync(db => db.ConversationParts.CountAsync(p => PlanKinds.Contains(p.Kind) && db.Conversations.Any(c => c.Id == p.ConversationId && c.Round!.Name == lastYear))));
        // The rest of last year's conversations (agenda, evaluations) is kept for its own, longer period.
        Assert.True(await app.WithDbAsync(db => db.ConversationParts.AnyAsync(p => p.Kind == PartKind.SharedNotes && db.Conversations.Any(c => c.Id == p.ConversationId && c.Round!.Name == lastYear))));
        var purposes = await app.WithDbAsync(db => db.AuditEntries.Select(e => e.Purpose).ToListAsync());
        Assert.DoesNotContain("old", purposes);
        Assert.Contains("recent", purposes);
        Assert.Equal(5, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditAction.Destroy)));
        var journal = await File.ReadAllLinesAsync(app.Services.GetRequiredService<ShredJournal>().Path);
        Assert.Equal(5, journal.Count(line => line.Contains("\"retention\"", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoInstancesSweepingAtOnce_DestroyEachCompartmentOnce_AndAuditItOnce(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Retention:PlanMonths"] = "6", ["Retention:FollowUpsMonths"] = "6", ["Retention:ForwardedMonths"] = "6" });
        var now = TestClock.UtcNow;

        var results = await Task.WhenAll(SweepAsync(app, now), SweepAsync(app, now));

        Assert.Equal(5, results.Sum(r => r.Compartments));
        Assert.Equal(5, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditAction.Destroy)));
        var lastYear = $"MUS {TestClock.UtcNow.UtcDateTime.Year - 1}";
        Assert.Equal(0, await app.WithDbAsync(db => db.ConversationParts.CountAsync(p => PlanKinds.Contains(p.Kind) && db.Conversations.Any(c => c.Id == p.ConversationId && c.Round!.Name == lastYear))));
    }

    /// <summary>
    /// The hosted job on a fake clock: nothing of this year goes at start; two years and a few days
    /// later the preparation written today is past its 24 months and goes, while last year's plan
    /// (36 months from when it was held) stays.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheHostedJob_ShredsWhatPassesItsPeriod_AsTheClockMoves(string provider)
    {
        var clock = new FakeTimeProvider(TestClock.UtcNow);
        // The job runs with the app here (other tests turn it off), first at start, on an empty database.
        await using var app = await MusApp.StartAsync(provider, demo: false, settings: new Dictionary<string, string?> { ["Retention:Enabled"] = "true" }, services: s => s.AddSingleton<TimeProvider>(clock));
        await app.SeedDemoAsync();
        var id = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
        await (await app.SignedInAsync(DemoPeople.Employee)).PostFormAsync($"/conversations/{id}/preparation", new Dictionary<string, string> { ["Answers[tasks-success]"] = "Mine svar" }, formAction: "handler=Save");
        Task<List<PartKind>> KindsAsync() => app.WithDbAsync(db => db.ConversationParts.Where(p => db.Conversations.Any(c => c.Id == p.ConversationId && c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber)).Select(p => p.Kind).ToListAsync());
        Assert.Contains(PartKind.EmployeePreparation, await KindsAsync());

        // A day on: the daily run (a second sweep after the one at start) finds nothing of this year's.
        int Sweeps() => app.Logs.Lines.Count(l => l.Contains("Retention sweep: 0 compartments", StringComparison.Ordinal));
        // The sweep at start has run (so it cannot be taken for the daily one) before the clock moves.
        for (var wait = 0; wait < 100 && Sweeps() == 0; wait++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var before = Sweeps();
        Assert.Equal(1, before);
        clock.Advance(TimeSpan.FromDays(1));
        for (var wait = 0; wait < 100 && Sweeps() == before; wait++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(before + 1, Sweeps());
        Assert.Contains(PartKind.EmployeePreparation, await KindsAsync());

        clock.Advance(TimeSpan.FromDays((2 * 365) + 5));
        var kinds = await KindsAsync();
        for (var wait = 0; wait < 100 && kinds.Contains(PartKind.EmployeePreparation); wait++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            kinds = await KindsAsync();
        }

        Assert.DoesNotContain(PartKind.EmployeePreparation, kinds);
        Assert.Contains(PartKind.Plan, kinds);
    }
}
