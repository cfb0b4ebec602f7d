using System.Net;
using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;
using IcalCalendar = Ical.Net.Calendar;

namespace Mus.Tests.Api.Calendar;

/// <summary>A person's calendar feed: their own MUS dates only, under an address shown once, renewable and revocable.</summary>
public sealed class CalendarFeedTests : IdasConversationTest
{
    /// <summary>Makes (or renews) the signed-in person's feed address and returns it as the page shows it, once.</summary>
    private static async Task<string> MakeAddressAsync(HttpClient client)
    {
        var made = await client.PostFormAsync("/profile/calendar", new Dictionary<string, string>(), formAction: "handler=Create");
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var address = (await client.GetPageAsync("/profile/calendar")).QuerySelector("#feed-address")!.TextContent;
        Assert.StartsWith(MusApp.PublicUrl + "/calendar/", address, StringComparison.Ordinal);
        Assert.Null((await client.GetPageAsync("/profile/calendar")).QuerySelector("#feed-address"));
        return address;
    }

    private async Task<IcalCalendar> FeedAsync(string address)
    {
        var response = await App.CreateBrowserlikeClient().GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var calendar = IcalCalendar.Load(text)!;
        // ical.js reads the same events, at the same times.
        var second = await Mus.Tests.Calendar.IcalJs.ReadAsync(text);
        Assert.Equal(calendar.Events.Select(e => e.Uid).Order(), second.Events.Select(e => e.Uid).Order());
        Assert.All(calendar.Events.Where(e => !e.IsAllDay), e => Assert.Equal(
            e.DtStart!.AsUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            second.Events.Single(s => s.Uid == e.Uid).Start));
        return calendar;
    }

    [Fact]
    public async Task AnApprovedPlansNextFollowUp_IsAnAllDayEntry_ForBoth()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var (idas, karstens) = (await MakeAddressAsync(ida), await MakeAddressAsync(karsten));
        var followUp = DateOnly.FromDateTime(TestClock.Midnight).AddDays(10);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{ConversationId}", new Dictionary<string, string>(), formAction: "handler=Held")).StatusCode);
        var plan = Mus.Tests.Pages.Conversations.Plans.PlanTests.OneGoal();
        plan["Input.Goals[0].Actions[0].FollowUpOn"] = followUp.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        plan["Input.Goals[0].Actions[0].ByWhen"] = followUp.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{ConversationId}/plan", plan, formAction: "handler=Approve")).StatusCode);
        Assert.DoesNotContain((await FeedAsync(idas)).Events, e => e.Summary!.StartsWith("Opfølgning", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync($"/conversations/{ConversationId}/plan", new Dictionary<string, string>(), formAction: "handler=Approve")).StatusCode);

        var forIda = (await FeedAsync(idas)).Events.Single(e => e.Summary == "Opfølgning på MUS-planen med Karsten Lund");
        var forKarsten = (await FeedAsync(karstens)).Events.Single(e => e.Summary == "Opfølgning på MUS-planen med Ida Brandt");

        Assert.True(forIda.IsAllDay);
        Assert.Equal(followUp.ToDateTime(TimeOnly.MinValue), forIda.DtStart!.Value);
        Assert.Equal(forIda.Uid, forKarsten.Uid);
        Assert.Equal($"{MusApp.PublicUrl}/conversations/{ConversationId}/follow-ups", forIda.Url!.ToString());
    }

    [Fact]
    public async Task TheFeed_ShowsTheMeetingToBoth_TheDeadlineToTheEmployee_AndNothingToAnyoneElse()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var karsten = await App.SignedInAsync(DemoPeople.CurrentLeader);
        var julie = await App.SignedInAsync(DemoPeople.OtherEmployee);
        var (idas, karstens, julies) = (await MakeAddressAsync(ida), await MakeAddressAsync(karsten), await MakeAddressAsync(julie));
        var meetingDay = TestClock.Today.AddDays(30);
        Assert.Equal(HttpStatusCode.Redirect, (await karsten.PostFormAsync($"/conversations/{ConversationId}/schedule", new Dictionary<string, string>
        {
            ["Input.Start"] = $"{meetingDay:yyyy-MM-dd}T09:00",
            ["Input.Minutes"] = "60",
            ["Input.Location"] = "Mødelokale 7",
        })).StatusCode);
        var uid = await App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ConversationId).Select(c => c.CalendarUid).SingleAsync());

        var forIda = await FeedAsync(idas);
        var forKarsten = await FeedAsync(karstens);
        var forJulie = await FeedAsync(julies);

        var meeting = forIda.Events.Single(e => e.Uid == uid.ToString());
        Assert.Equal("Mødelokale 7", meeting.Location);
        Assert.Equal("MUS-samtale med Karsten Lund", meeting.Summary);
        Assert.Equal(TestClock.At(meetingDay, new TimeOnly(9, 0)).UtcDateTime, meeting.DtStart!.AsUtc);
        Assert.Contains(forIda.Events, e => e.Summary == "MUS: frist for forberedelsen" && e.IsAllDay);
        Assert.Equal("MUS-samtale med Ida Brandt", forKarsten.Events.Single(e => e.Uid == uid.ToString()).Summary);
        Assert.DoesNotContain(forJulie.Events, e => e.Uid == uid.ToString() || e.Location == "Mødelokale 7");
        Assert.Contains(forJulie.Events, e => e.IsAllDay);

        // Named for the calendar app's list, and looked at again within the hour.
        Assert.Equal("MUS – Ida Brandt", forIda.Properties.Get<string>("X-WR-CALNAME"));
        Assert.Equal("MUS – Julie Ravn", forJulie.Properties.Get<string>("X-WR-CALNAME"));
        Assert.Equal("PT1H", forIda.Properties.Get<string>("X-PUBLISHED-TTL"));
        var refresh = forIda.Properties.Single(p => p.Name == "REFRESH-INTERVAL");
        Assert.Equal(("PT1H", "DURATION"), (refresh.Value?.ToString(), refresh.Parameters.Get("VALUE")));
    }

    [Fact]
    public async Task ANewAddress_EndsTheOldOne_AndSwitchingOff_EndsBoth_WhileOnlyAHashIsStored()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var first = await MakeAddressAsync(ida);
        await FeedAsync(first);

        var second = await MakeAddressAsync(ida);

        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowserlikeClient().GetAsync(first)).StatusCode);
        await FeedAsync(second);
        var secret = second[(second.LastIndexOf('/') + 1)..];
        var stored = await App.WithDbAsync(db => db.People.Where(p => p.Email == DemoPeople.Employee).Select(p => p.CalendarFeedHash).SingleAsync());
        Assert.NotNull(stored);
        Assert.NotEqual(secret, stored);

        Assert.Equal(HttpStatusCode.Redirect, (await ida.PostFormAsync("/profile/calendar", new Dictionary<string, string>(), formAction: "handler=Revoke")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowserlikeClient().GetAsync(second)).StatusCode);
    }

    [Fact]
    public async Task AClosedAccountsFeed_StopsAnswering_AndAnswersAgainWhenItIsOpened()
    {
        var ida = await App.SignedInAsync(DemoPeople.Employee);
        var address = await MakeAddressAsync(ida);
        await FeedAsync(address);
        var admin = await App.SignedInAsync(DemoPeople.Administrator);
        var account = await App.WithDbAsync(db => db.Users.Where(u => u.Email == DemoPeople.Employee).Select(u => u.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/accounts?query=ida", new Dictionary<string, string>(), formAction: "id=" + account)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateBrowserlikeClient().GetAsync(address)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/accounts?query=ida", new Dictionary<string, string>(), formAction: "id=" + account)).StatusCode);
        await FeedAsync(address);
    }
}
