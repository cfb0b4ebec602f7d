using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mus.Tests.Infrastructure;
using Mus.Web.Data.Demo;
using Mus.Web.Domain;

namespace Mus.Tests.Pages.Conversations;

/// <summary>
/// Every page of a conversation × everyone who might ask for it. Content is for Ida Brandt and
/// her current leader only; HR and the current leader manage (excuse, move); anybody else — a former
/// leader included — gets 404, as if the conversation did not exist; the anonymous and a disabled
/// account are sent to sign in. Refused writes leave the database as it was. On SQLite and PostgreSQL.
/// </summary>
public sealed class ConversationEndpointMatrixTests(ConversationEndpointMatrixTests.Apps apps) : IClassFixture<ConversationEndpointMatrixTests.Apps>
{
    /// <summary>
    /// One demo application per provider, prepared once: Ida Brandt was moved to Thomas Engberg and
    /// back to Karsten Lund (so Thomas is a former leader), and Rasmus Thorsen's account is disabled.
    /// </summary>
    public sealed class Apps : IAsyncDisposable
    {
        private readonly Dictionary<string, Task<MusApp>> started = [];

        public Task<MusApp> ForAsync(string provider)
        {
            lock (started)
            {
                if (!started.TryGetValue(provider, out var app))
                {
                    started[provider] = app = PrepareAsync(provider);
                }

                return app;
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var app in started.Values.Where(t => t.IsCompletedSuccessfully))
            {
                await (await app).DisposeAsync();
            }
        }

        private static async Task<MusApp> PrepareAsync(string provider)
        {
            var app = await MusApp.StartAsync(provider);
            var id = await app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());
            var hr = await app.SignedInAsync(DemoPeople.Hr);
            Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync($"/conversations/{id}/move", new Dictionary<string, string> { ["NewLeader"] = "1050" })).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await hr.PostFormAsync($"/conversations/{id}/move", new Dictionary<string, string> { ["NewLeader"] = "1010" })).StatusCode);
            return app;
        }
    }

    private const string Anonymous = "anonymous";
    private const string FormerLeader = "thomas.engberg@fjordby.example.dk";
    private const string Disabled = "rasmus.thorsen@fjordby.example.dk";
    private const HttpStatusCode SignIn = HttpStatusCode.Redirect;

    public static readonly string[] Everyone =
    [
        Anonymous, DemoPeople.Employee, DemoPeople.OtherEmployee, DemoPeople.CurrentLeader, FormerLeader, DemoPeople.OtherLeader,
        DemoPeople.LeadersLeader, DemoPeople.Hr, DemoPeople.Administrator, Disabled,
    ];

    // The pages, with who gets 200; everyone else signed in gets 404 and the anonymous go to sign-in.
    private static readonly (string Path, string[] Allowed)[] Pages =
    [
        ("/preparation/{0}", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan/pdf", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/print", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/evaluation", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/follow-ups", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/schedule", [DemoPeople.CurrentLeader]),
        ("/conversations/{0}/excuse", [DemoPeople.CurrentLeader, DemoPeople.Hr]),
        ("/conversations/{0}/move", [DemoPeople.CurrentLeader, DemoPeople.Hr]),
    ];

    // Every form post of those pages; each is tried by everyone it is refused to.
    private static readonly (string Path, string[] Allowed)[] Writes =
    [
        ("/preparation/{0}?handler=Save", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/preparation/{0}?handler=Share", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/preparation/{0}?handler=Autosave", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}?handler=Save", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}?handler=Held", [DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan?handler=Save", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan?handler=Approve", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/plan?handler=Amend", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/evaluation", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/follow-ups", [DemoPeople.Employee, DemoPeople.CurrentLeader]),
        ("/conversations/{0}/schedule", [DemoPeople.CurrentLeader]),
        ("/conversations/{0}/excuse", [DemoPeople.CurrentLeader, DemoPeople.Hr]),
        ("/conversations/{0}/move", [DemoPeople.CurrentLeader, DemoPeople.Hr]),
    ];

    public static TheoryData<string, string> People()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { TestDatabase.Sqlite, TestDatabase.Postgres })
        {
            foreach (var who in Everyone)
            {
                data.Add(provider, who);
            }
        }

        return data;
    }

    private static Task<int> ConversationIdAsync(MusApp app) =>
        app.WithDbAsync(db => db.Conversations.Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound).Select(c => c.Id).SingleAsync());

    /// <summary>Signed in as <paramref name="who"/>; the disabled user signed in and was then disabled (locked out, new security stamp).</summary>
    private static async Task<HttpClient> ClientAsync(MusApp app, string who)
    {
        var client = app.CreateBrowserlikeClient();
        if (who == Anonymous)
        {
            return client;
        }

        await SetDisabledAsync(app, who, false);
        await client.SignInAsync(who, DemoOrganisation.Password);
        if (who == Disabled)
        {
            await SetDisabledAsync(app, who, true);
        }

        return client;
    }

    /// <summary>Disabling is a lockout without end and a new security stamp; enabling lifts the lockout.</summary>
    private static async Task SetDisabledAsync(MusApp app, string who, bool disabled)
    {
        if (who != Disabled)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(who))!;
        await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
        if (disabled)
        {
            await users.UpdateSecurityStampAsync(user);
        }
    }

    private static bool SignedOut(string who) => who is Anonymous or Disabled;

    /// <summary>Everything a write to Ida's conversation could touch: its row, its compartments and her place in the organisation.</summary>
    private static Task<string> SnapshotAsync(MusApp app, int id) => app.WithDbAsync(async db =>
    {
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Status, c.LeaderId, c.ScheduledStart, c.Location, c.ExcusedReason, c.HeldAt, c.Version, Leader = c.Employee!.LeaderId }).SingleAsync();
        var parts = await db.ConversationParts.AsNoTracking().Where(p => p.ConversationId == id).OrderBy(p => p.Kind)
            .Select(p => new { p.Kind, p.Sealed, p.Version, p.SharedAt, p.ReadyAt }).ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(new { conversation, parts });
    });

    [Theory]
    [MemberData(nameof(People))]
    public async Task EachPage_AnswersEachPerson_AsTheRulesSay(string provider, string who)
    {
        var app = await apps.ForAsync(provider);
        var id = await ConversationIdAsync(app);
        var client = await ClientAsync(app, who);

        foreach (var (path, allowed) in Pages)
        {
            var response = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id));
            var expected = SignedOut(who) ? SignIn : allowed.Contains(who) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            Assert.True(expected == response.StatusCode, $"{provider} {who} GET {path}: expected {expected}, got {response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(People))]
    public async Task EachRefusedWrite_ChangesNothing(string provider, string who)
    {
        var app = await apps.ForAsync(provider);
        var id = await ConversationIdAsync(app);
        var client = app.CreateBrowserlikeClient();
        var token = "";
        if (who != Anonymous)
        {
            // The token is taken while still signed in; the disabled user is disabled only after.
            await SetDisabledAsync(app, who, false);
            await client.SignInAsync(who, DemoOrganisation.Password);
            token = (await client.GetPageAsync("/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            await SetDisabledAsync(app, who, true);
        }

        var before = await SnapshotAsync(app, id);

        foreach (var (path, allowed) in Writes.Where(w => SignedOut(who) || !w.Allowed.Contains(who)))
        {
            var response = await client.PostAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Version"] = "0",
                ["Answers[tasks-hard]"] = "skrevet af " + who,
                ["Input.Answers[tasks-notes]"] = "skrevet af " + who,
                ["Input.Goals[0].Title"] = "skrevet af " + who,
                ["Input.Goals[0].Actions[0].What"] = "skrevet af " + who,
                ["Notes"] = "skrevet af " + who,
                ["Reason"] = "skrevet af " + who,
                ["NewLeader"] = "1030",
                ["Input.Start"] = DateTime.Today.AddDays(10).ToString("yyyy-MM-ddT10:00", System.Globalization.CultureInfo.InvariantCulture),
                ["Input.Minutes"] = "90",
                ["Input.Location"] = "skrevet af " + who,
            }));

            var expected = SignedOut(who) ? SignIn : HttpStatusCode.NotFound;
            Assert.True(expected == response.StatusCode, $"{provider} {who} POST {path}: expected {expected}, got {response.StatusCode}");
            Assert.Equal(before, await SnapshotAsync(app, id));
        }
    }
}
