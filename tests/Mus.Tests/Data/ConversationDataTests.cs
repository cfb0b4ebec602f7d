using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Data;
using Mus.Web.Domain.Conversations;
using Mus.Web.Pages.Rounds;

namespace Mus.Tests.Data;

/// <summary>Round opening (a raw INSERT … SELECT) and the compartments, on every database we ship.</summary>
public sealed class ConversationDataTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OpeningARound_CreatesConversationsThatReadBackWithTheirDates(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var template = await db.TemplateVersions.Where(v => v.Template!.BuiltInKey == "senior").Select(v => v.Id).SingleAsync();
        var unit = await db.OrgUnits.Where(u => u.Code == "PROJ").Select(u => u.Id).SingleAsync();
        var today = DateOnly.FromDateTime(TestClock.UtcNow.UtcDateTime);

        var opened = await scope.ServiceProvider.GetRequiredService<RoundOpener>()
            .OpenAsync(new RoundOpener.Request("Senior", today.Year, template, null, [unit], today.AddDays(1), today.AddDays(2)));

        Assert.Equal(10, opened.Conversations);
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.RoundId == opened.RoundId).ToListAsync();
        Assert.All(conversations, c =>
        {
            Assert.Equal(ConversationStatus.Preparing, c.Status);
            Assert.Equal(template, c.TemplateVersionId);
            Assert.True(TestClock.UtcNow - c.CreatedAt < TimeSpan.FromMinutes(5));
        });
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EachCompartment_IsOneRow_AndASecondRowOfTheSameKindIsRefused(string provider)
    {
        await using var app = await MusApp.StartAsync(provider);
        var conversationId = await app.WithDbAsync(db => db.Conversations.Select(c => c.Id).FirstAsync());

        await app.WithDbAsync(db =>
        {
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversationId, Kind = PartKind.EmployeePreparation, Content = "{\"a\":\"æøå\"}" });
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversationId, Kind = PartKind.LeaderPreparation });
            return db.SaveChangesAsync();
        });
        var duplicate = app.WithDbAsync(db =>
        {
            db.ConversationParts.Add(new ConversationPart { ConversationId = conversationId, Kind = PartKind.EmployeePreparation });
            return db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => duplicate);
        Assert.Equal("{\"a\":\"æøå\"}", await app.WithDbAsync(async db => (await db.ConversationParts.Where(p => p.Kind == PartKind.EmployeePreparation).SingleAsync()).Content));
    }
}
