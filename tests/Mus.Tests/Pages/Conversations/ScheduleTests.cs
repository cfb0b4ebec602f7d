using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using Mus.Web.Demo;

namespace Mus.Tests.Pages.Conversations;

public sealed class ScheduleTests : IdasConversationTest
{
    private string Url => $"/conversations/{ConversationId}/schedule";

    private static string Local(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Leader_ProposesATime_BothSeeIt_AndARescheduleRaisesTheCalendarSequence()
    {
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var start = TestClock.Midnight.AddDays(10).AddHours(9);

        var saved = await leader.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Start"] = Local(start), ["Input.Location"] = "Mødelokale Fjorden" });

        Assert.Equal("/start/leader", saved.Location());
        var employeeStart = await (await App.SignedInAsync(DemoPeople.Employee)).GetPageAsync("/start/employee");
        Assert.Contains("Mødelokale Fjorden", employeeStart.QuerySelector(".card")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("90 min.", employeeStart.QuerySelector(".card")!.TextContent, StringComparison.Ordinal);

        await leader.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Start"] = Local(start.AddDays(1)), ["Input.Location"] = "Kantinen" });
        var stored = await App.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Id == ConversationId));
        Assert.Equal(1, stored.CalendarSequence);
        Assert.NotNull(stored.CalendarUid);
        Assert.Equal("Kantinen", stored.Location);
    }

    [Fact]
    public async Task ATimeInThePast_Is400WithMessage_AndNothingIsStored()
    {
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);

        var response = await leader.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Start"] = Local(TestClock.Midnight.AddDays(-2)), ["Input.Location"] = "Kontoret" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("allerede passeret", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.ScheduledStart).SingleAsync()));
    }

    [Theory]
    [InlineData("0001-01-01T00:00")]
    [InlineData("9999-12-31T23:59")]
    public async Task AnAbsurdYear_Is400WithMessage_NotA500(string typed)
    {
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);

        var response = await leader.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Start"] = typed, ["Input.Location"] = "Kontoret" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ParseAsync()).QuerySelector(".alert-error"));
    }

    [Fact]
    public async Task TheHourSkippedBySummerTime_Is400WithMessage()
    {
        var leader = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var year = TestClock.Midnight.Year + 1;
        var lastSundayOfMarch = Enumerable.Range(25, 7).Select(day => new DateTime(year, 3, day)).Single(d => d.DayOfWeek == DayOfWeek.Sunday);

        var response = await leader.PostFormAsync(Url, new Dictionary<string, string> { ["Input.Start"] = Local(lastSundayOfMarch.AddHours(2).AddMinutes(30)), ["Input.Location"] = "Kontoret" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sommertid", (await response.ParseAsync()).QuerySelector(".alert-error")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoPeople.Employee)]
    [InlineData(DemoPeople.OtherLeader)]
    [InlineData(DemoPeople.LeadersLeader)]
    [InlineData(DemoPeople.Hr)]
    public async Task OnlyTheCurrentLeaderSchedules(string email)
    {
        var client = await App.SignedInAsync(email);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url)).StatusCode);
    }
}
