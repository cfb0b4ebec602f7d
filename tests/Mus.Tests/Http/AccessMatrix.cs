using Microsoft.EntityFrameworkCore;
using Mus.Tests.Infrastructure;

namespace Mus.Tests.Http;

/// <summary>What a request gets: the page, a redirect, sign-in, a refusal, or a page that says no and changes nothing.</summary>
public enum Outcome
{
    Ok,
    Redirect,
    SignIn,
    Forbidden,
    NotFound,

    /// <summary>400 with the page saying why not; the database is unchanged.</summary>
    Refused,

    /// <summary>401: an API endpoint, which takes an API client's bearer token and never a browser's cookie.</summary>
    Unauthorized,

    /// <summary>308 to the page's new address on this site, the method and the query kept (an address MUS used before).</summary>
    Moved,
}

/// <summary>Who gets what from one endpoint.</summary>
public sealed class Rule(Func<string, Outcome> decide)
{
    public Outcome For(string visitor) => decide(visitor);

    /// <summary>Another outcome for one visitor.</summary>
    public Rule But(string visitor, Outcome outcome) => new(v => v == visitor ? outcome : decide(v));
}

/// <summary>One endpoint: its route as the app registers it, a URL for it in the demo, and its rules.</summary>
/// <param name="Handlers">Every form post the page has ("" for the page's own), each with its rule.</param>
/// <param name="GetHandlers">The page's named GET handlers (<c>?handler=Json</c>), each with its rule.</param>
public sealed record MatrixEndpoint(string Route, string Url, Rule Get, IReadOnlyList<(string Handler, Rule Rule)> Handlers, IReadOnlyList<(string Handler, Rule Rule)>? GetHandlers = null)
{
    public IReadOnlyList<(string Handler, Rule Rule)> NamedGets => GetHandlers ?? [];

    public string PostUrl(string handler, AccessMatrix.Ids ids) =>
        ids.Fill(Url) is var url && handler.Length == 0 ? url : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + handler;
}

/// <summary>
/// Every endpoint of the application × every kind of visitor → what they get. The tests check the
/// catalogue against the endpoints the app registers and the handlers its pages have, so a new
/// endpoint cannot be added without a row here.
/// </summary>
public static class AccessMatrix
{
    public const string Anonymous = "anonymous";

    /// <summary>
    /// The matrix's applications sign in through an organisation's provider too, which is not
    /// reachable: every endpoint of single sign-on is there, and none gets further than its own page.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["SingleSignOn:Authority"] = $"http://127.0.0.1:{Infrastructure.Processes.FreePort.Next()}",
        ["SingleSignOn:ClientId"] = "mus-matrix",
        ["SingleSignOn:TimeoutSeconds"] = "2",
    };
    public const string FormerLeader = "thomas.engberg@fjordby.example.dk";

    /// <summary>Jens Aagaard: Ida's colleague in Karsten Lund's team, who sees what the team shares and nothing of her conversation.</summary>
    public const string Colleague = "jens.aagaard@fjordby.example.dk";
    public const string Disabled = "rasmus.thorsen@fjordby.example.dk";

    public static readonly string[] Visitors =
    [
        Anonymous, DemoPeople.Employee, DemoPeople.OtherEmployee, Colleague, DemoPeople.CurrentLeader, FormerLeader, DemoPeople.OtherLeader,
        DemoPeople.LeadersLeader, DemoPeople.Hr, DemoPeople.Administrator, Disabled,
    ];

    /// <summary>People with direct reports in the demo (Thomas Engberg leads the project unit).</summary>
    public static readonly string[] Leaders = [DemoPeople.CurrentLeader, FormerLeader, DemoPeople.OtherLeader, DemoPeople.LeadersLeader];

    /// <summary>The demo records that the URLs point at.</summary>
    public sealed record Ids(int Conversation, int Round, int Person, int JobGroup, int TemplateVersion, string OtherUser, int Material, int Leader)
    {
        /// <summary>Ida Brandt's conversation in the current round, and what stands around it.</summary>
        public static Task<Ids> LoadAsync(MusApp app) => app.WithDbAsync(async db =>
        {
            var conversation = await db.Conversations
                .Where(c => c.Employee!.EmployeeNumber == DemoPeople.EmployeeNumber && c.Round!.Name == DemoPeople.CurrentRound)
                .Select(c => new { c.Id, c.RoundId, c.EmployeeId, JobGroup = c.Employee!.JobGroupId, c.Round!.TemplateVersionId, c.LeaderId })
                .SingleAsync();
            var otherUser = await db.Users.Where(u => u.Email == DemoPeople.OtherEmployee).Select(u => u.Id).SingleAsync();
            // The demo round's PDF.
            var material = await db.RoundMaterials.Where(m => m.RoundId == conversation.RoundId && m.Content != null).Select(m => m.Id).SingleAsync();
            return new Ids(conversation.Id, conversation.RoundId, conversation.EmployeeId, conversation.JobGroup!.Value, conversation.TemplateVersionId, otherUser, material, conversation.LeaderId);
        });

        public string Fill(string url) => url
            .Replace("{conversation}", Conversation.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{round}", Round.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{person}", Person.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{jobGroup}", JobGroup.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{templateVersion}", TemplateVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{user}", OtherUser, StringComparison.Ordinal)
            .Replace("{material}", Material.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{leader}", Leader.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>The employee the matrix's posts name: added after the round opened, led by Peter Søgaard (1005), who is none of the visitors.</summary>
    public const string AddablePerson = "1099";

    /// <summary>What the page itself says when it refuses (Outcome.Refused): any other 400 (a missing token, a validation slip) is not the refusal.</summary>
    public static readonly IReadOnlyDictionary<(string Route, string Handler), string> RefusalMessages = new Dictionary<(string, string), string>
    {
        [("rounds/{id:int}/add", "")] = "Der er ingen med det medarbejdernummer eller den e-mail, som du kan tilføje.",
        [("rounds/{id:int}/summary", "Publish")] = "Skriv tilbagemeldingen, før du offentliggør den.",
        [("conversations/{id:int}/participation", "Statistics")] = "Vælg, om samtalen skal tælle med i statistik.",
        [("conversations/{id:int}/share", "Share")] = "Handlingen findes ikke i jeres godkendte plan.",
        [("conversations/{id:int}/share", "Withdraw")] = "Handlingen findes ikke i jeres godkendte plan.",
        [("accounts/{id}/single-sign-on", "Link")] = "Identitet (subject) skal udfyldes.",
        [("Profile/TwoFactor", "Disable")] = "Adgangskoden eller koden var ikke rigtig. To-trins-login er stadig slået til.",
    };

    /// <summary>A registered endpoint's row name: an index page also answers to ".../Index", and one row covers both.</summary>
    public static string RouteOf(Microsoft.AspNetCore.Routing.RouteEndpoint endpoint)
    {
        var route = endpoint.RoutePattern.RawText!.Trim('/');
        return route == "Index" ? "" : route.EndsWith("/Index", StringComparison.Ordinal) ? route[..^"/Index".Length] : route;
    }

    private static bool SignedOut(string visitor) => visitor is Anonymous or Disabled;

    /// <summary>Everyone, signed in or not.</summary>
    private static Rule Public(Outcome outcome = Outcome.Ok) => new(_ => outcome);

    /// <summary>Everyone signed in; the anonymous and a disabled account go to sign-in.</summary>
    private static Rule SignedIn(Outcome outcome = Outcome.Ok) => new(v => SignedOut(v) ? Outcome.SignIn : outcome);

    /// <summary>Only <paramref name="allowed"/>; other signed-in visitors get <paramref name="refusal"/>.</summary>
    private static Rule Only(Outcome refusal, params string[] allowed) =>
        new(v => SignedOut(v) ? Outcome.SignIn : allowed.Contains(v) ? Outcome.Ok : refusal);

    // A role's page: others are told 403. A conversation's page: others get 404, as if it did not exist.
    private static Rule Role(params string[] allowed) => Only(Outcome.Forbidden, allowed);

    private static Rule Conversation(params string[] allowed) => Only(Outcome.NotFound, allowed);

    private static readonly string[] Pair = [DemoPeople.Employee, DemoPeople.CurrentLeader];
    private static readonly string[] HrOrAdministrator = [DemoPeople.Hr, DemoPeople.Administrator];

    private static MatrixEndpoint Page(string route, string url, Rule get, params (string, Rule)[] handlers) => new(route, url, get, handlers);

    public static readonly IReadOnlyList<MatrixEndpoint> Endpoints =
    [
        // Open to everyone: signing in and its helpers, the language switch, error pages, health.
        Page("sign-in", "/sign-in", Public(), ("", Public())),
        // Single sign-on's start and landing (the provider is not reachable here: SingleSignOnTests
        // prove the way through with one): without the provider's answer, a page to try again from.
        new MatrixEndpoint("sign-in/single-sign-on", "/sign-in/single-sign-on", Public(), [("", Public())], [("Failed", Public())]),
        Page("sign-in/two-factor", "/sign-in/two-factor", Public(Outcome.SignIn), ("", Public())),
        Page("sign-in/recovery-code", "/sign-in/recovery-code", Public(Outcome.SignIn), ("", Public())),
        Page("sign-in/forgot-password", "/sign-in/forgot-password", Public(), ("", Public())),
        Page("sign-in/reset-password", "/sign-in/reset-password?code=x&email=y%40example.dk", Public(), ("", Public())),
        // Addresses used before (mails, bookmarks, forms open during an upgrade): a redirect to the new
        // address for anyone, which then applies its own rule (OldAddressTests).
        Page("preparation/{id:int}", "/preparation/{conversation}", Public(Outcome.Moved), ("", Public(Outcome.Moved))),
        Page("Account/SignIn", "/Account/SignIn", Public(Outcome.Moved), ("", Public(Outcome.Moved))),
        Page("Account/SignInTwoFactor", "/Account/SignInTwoFactor", Public(Outcome.Moved), ("", Public(Outcome.Moved))),
        Page("Account/SignInRecoveryCode", "/Account/SignInRecoveryCode", Public(Outcome.Moved), ("", Public(Outcome.Moved))),
        Page("Account/ForgotPassword", "/Account/ForgotPassword", Public(Outcome.Moved), ("", Public(Outcome.Moved))),
        Page("Account/ResetPassword", "/Account/ResetPassword?code=x&email=y%40example.dk", Public(Outcome.Moved), ("", Public(Outcome.Moved))),
        Page("Account/SingleSignOn", "/Account/SingleSignOn", Public(Outcome.Moved), ("", Public(Outcome.Moved))),
        Page("Account/SignOut", "/Account/SignOut", Public(Outcome.Moved), ("", Public(Outcome.Moved))),
        Page("Language", "/Language", Public(Outcome.Redirect), ("", Public())),
        // Shown in place of a failed response (which keeps its status); asked for directly, it is a page.
        Page("error/{code:int?}", "/error/404", Public(), ("", Public())),
        Page("health/live", "/health/live", Public()),
        // A reminder mail's unsubscribe link answers only to its sealed token (ReminderMailTests); a made-up one is nobody's.
        Page("unsubscribe/{token}", "/unsubscribe/made-up", Public(Outcome.NotFound), ("", Public(Outcome.NotFound))),
        // The metrics answer the configured networks or the token only (TelemetryTests); a browser's cookie is neither.
        Page("metrics", "/metrics", Public(Outcome.Forbidden)),
        // A calendar feed answers only to its secret; an unknown one is nobody's.
        Page("calendar/{secret}", "/calendar/" + new string('0', 64), Public(Outcome.NotFound)),
        Page("health/ready", "/health/ready", Public()),
        // SCIM provisioning answers API clients' tokens only (ScimTests: every endpoint × token and scope).
        Page("scim/v2/ServiceProviderConfig", "/scim/v2/ServiceProviderConfig", Public(Outcome.Unauthorized)),
        Page("scim/v2/ResourceTypes", "/scim/v2/ResourceTypes", Public(Outcome.Unauthorized)),
        Page("scim/v2/ResourceTypes/{id}", "/scim/v2/ResourceTypes/User", Public(Outcome.Unauthorized)),
        Page("scim/v2/Schemas", "/scim/v2/Schemas", Public(Outcome.Unauthorized)),
        Page("scim/v2/Schemas/{id}", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", Public(Outcome.Unauthorized)),
        Page("scim/v2/Users", "/scim/v2/Users", Public(Outcome.Unauthorized)),
        Page("scim/v2/Users/{id}", "/scim/v2/Users/{person}", Public(Outcome.Unauthorized)),
        // Any other SCIM address: a SCIM error for a client with a token (UnservedAddressTests), 401 for anyone else.
        Page("scim/v2/{**path}", "/scim/v2/Groups", Public(Outcome.Unauthorized)),
        // API v1 likewise (ApiTests: every endpoint × scope); its OpenAPI document is public.
        Page("api/{documentName}/openapi.json", "/api/v1/openapi.json", Public()),
        Page("api", "/api", Public()),
        Page("api/v1/rounds", "/api/v1/rounds", Public(Outcome.Unauthorized)),
        Page("api/v1/rounds/{id}", "/api/v1/rounds/{round}", Public(Outcome.Unauthorized)),
        Page("api/v1/rounds/{id}/conversations", "/api/v1/rounds/{round}/conversations", Public(Outcome.Unauthorized)),
        Page("api/v1/plans", "/api/v1/plans", Public(Outcome.Unauthorized)),
        Page("api/v1/plans/{conversationId}", "/api/v1/plans/{conversation}", Public(Outcome.Unauthorized)),
        Page("api/v1/plans/{conversationId}/pdf", "/api/v1/plans/{conversation}/pdf", Public(Outcome.Unauthorized)),
        Page("api/v1/forwarded", "/api/v1/forwarded", Public(Outcome.Unauthorized)),
        Page("api/v1/organisation/people", "/api/v1/organisation/people", Public(Outcome.Unauthorized)),
        // Any other API v1 address: a problem detail saying there is nothing there, for anyone.
        Page("api/v1/{**path}", "/api/v1/nothing", Public(Outcome.NotFound)),

        // Anyone signed in, about themselves.
        Page("", "/", SignedIn(Outcome.Redirect)),
        Page("sign-out", "/sign-out", SignedIn(Outcome.Redirect), ("", SignedIn())),
        Page("Profile", "/Profile", SignedIn()),
        Page("Profile/ChangePassword", "/Profile/ChangePassword", SignedIn(), ("", SignedIn())),
        // Turning two-step sign-in off asks for the password or a code again: a post without is refused.
        Page("Profile/TwoFactor", "/Profile/TwoFactor", SignedIn(), ("Enable", SignedIn()), ("Disable", SignedIn(Outcome.Refused))),
        Page("Profile/RecoveryCodes", "/Profile/RecoveryCodes", SignedIn(), ("", SignedIn())),
        Page("profile/access", "/profile/access", SignedIn()),
        Page("profile/calendar", "/profile/calendar", SignedIn(), ("Create", SignedIn()), ("Revoke", SignedIn())),
        Page("profile/reminders", "/profile/reminders", SignedIn(), ("", SignedIn())),
        Page("profile/receipts", "/profile/receipts", SignedIn()),
        new MatrixEndpoint("profile/export", "/profile/export", SignedIn(), [], [("Json", SignedIn()), ("Pdf", SignedIn())]),
        Page("Start/Employee", "/Start/Employee", SignedIn()),
        // The guidance is the same for everyone; HR writes the organisation's own paragraphs.
        Page("guidance/{role}", "/guidance/leader", SignedIn()),
        Page("guidance/organisation", "/guidance/organisation", Role(DemoPeople.Hr), ("", Role(DemoPeople.Hr))),

        // A role's own pages.
        Page("Start/Leader", "/Start/Leader", Role(Leaders)),
        Page("Start/Hr", "/Start/Hr", Role(DemoPeople.Hr)),
        Page("Start/Administrator", "/Start/Administrator", Role(DemoPeople.Administrator)),
        Page("accounts", "/accounts?id={user}", Role(DemoPeople.Administrator),
            ("Disable", Role(DemoPeople.Administrator)), ("Enable", Role(DemoPeople.Administrator))),
        Page("accounts/single-sign-on", "/accounts/single-sign-on", Role(DemoPeople.Administrator),
            ("Require", Role(DemoPeople.Administrator)), ("AllowPasswords", Role(DemoPeople.Administrator))),
        Page("accounts/{id}/single-sign-on", "/accounts/{user}/single-sign-on", Role(DemoPeople.Administrator),
            ("Link", Role(DemoPeople.Administrator).But(DemoPeople.Administrator, Outcome.Refused)), ("Unlink", Role(DemoPeople.Administrator))),
        Page("accounts/api-clients", "/accounts/api-clients", Role(DemoPeople.Administrator),
            ("Create", Role(DemoPeople.Administrator)), ("Revoke", Role(DemoPeople.Administrator))),
        Page("mail", "/mail", Role(DemoPeople.Administrator), ("Retry", Role(DemoPeople.Administrator)),
            ("Pause", Role(DemoPeople.Administrator)), ("Resume", Role(DemoPeople.Administrator))),
        Page("Organisation", "/Organisation", Role(HrOrAdministrator)),
        Page("Organisation/Import", "/Organisation/Import", Role(HrOrAdministrator), ("", Role(HrOrAdministrator))),
        Page("Organisation/People/Edit/{id:int}", "/Organisation/People/Edit/{person}", Role(HrOrAdministrator), ("", Role(HrOrAdministrator))),
        Page("Organisation/Units/Create", "/Organisation/Units/Create", Role(HrOrAdministrator), ("", Role(HrOrAdministrator))),
        Page("organisation/job-groups", "/organisation/job-groups", Role(DemoPeople.Hr)),
        Page("organisation/job-groups/{id:int}", "/organisation/job-groups/{jobGroup}", Role(DemoPeople.Hr), ("", Role(DemoPeople.Hr))),
        Page("Rounds", "/Rounds", Role(DemoPeople.Hr)),
        Page("Rounds/Open", "/Rounds/Open", Role(DemoPeople.Hr), ("", Role(DemoPeople.Hr))),
        Page("rounds/{id:int}/settings", "/rounds/{round}/settings", Role(DemoPeople.Hr),
            ("", Role(DemoPeople.Hr)), ("Add", Role(DemoPeople.Hr)), ("Remove", Role(DemoPeople.Hr))),
        // The round's page and its materials: everyone with a conversation in it (in the demo, every
        // signed-in visitor: employees, their leaders, HR and the administrator all take part).
        new MatrixEndpoint("rounds/{id:int}/about", "/rounds/{round}/about?material={material}", SignedIn(), [], [("File", SignedIn())]),
        new MatrixEndpoint("Rounds/Progress/{id:int}", "/Rounds/Progress/{round}", Role(DemoPeople.Hr), [], [("Csv", Role(DemoPeople.Hr))]),
        // A leader's joint feedback after a round, beside the figures of the conversations they held: every
        // leader with conversations in the round (in the demo, all four); publishing nothing is refused.
        Page("rounds/{id:int}/summary", "/rounds/{round}/summary", Role(Leaders), ("", Role(Leaders)), ("Publish", Role(Leaders).But(DemoPeople.CurrentLeader, Outcome.Refused).But(FormerLeader, Outcome.Refused).But(DemoPeople.OtherLeader, Outcome.Refused).But(DemoPeople.LeadersLeader, Outcome.Refused))),
        // A team's page: its leader and the people they lead now (Ida and Jens are in Karsten's team).
        Page("team/{leaderId:int}", "/team/{leader}", Conversation(DemoPeople.CurrentLeader, DemoPeople.Employee, Colleague)),
        // The round's figures: HR only (a leader's own figures are on the leader's pages); HR may publish them before the deadline.
        new MatrixEndpoint("rounds/{id:int}/report", "/rounds/{round}/report", Role(DemoPeople.Hr), [("Publish", Role(DemoPeople.Hr))], [("Csv", Role(DemoPeople.Hr))]),
        // Leaders add their own reports only: Peter Søgaard's new employee (1099, not yet in the round) is
        // nobody's here, so a leader who tries is told no, with the page's own words; HR could add her.
        Page("rounds/{id:int}/add", "/rounds/{round}/add", Role([DemoPeople.Hr, .. Leaders]),
            ("", new Rule(v => Leaders.Contains(v) ? Outcome.Refused : Role(DemoPeople.Hr).For(v)))),
        Page("templates", "/templates", Role(DemoPeople.Hr), ("Copy", Role(DemoPeople.Hr)), ("NewVersion", Role(DemoPeople.Hr))),
        Page("templates/versions/{id:int}", "/templates/versions/{templateVersion}", Role(DemoPeople.Hr),
            ("Save", Role(DemoPeople.Hr)), ("Publish", Role(DemoPeople.Hr))),
        Page("forwarded", "/forwarded", Role(DemoPeople.Hr), ("", Role(DemoPeople.Hr))),

        // One conversation: content for the pair only; HR and the leader manage dates and the leader.
        Page("conversations/{id:int}/preparation", "/conversations/{conversation}/preparation", Conversation(Pair),
            ("Save", Conversation(Pair)), ("Autosave", Conversation(Pair)), ("Ready", Conversation(Pair)),
            ("Share", Conversation(Pair)), ("Withdraw", Conversation(Pair))),
        Page("conversations/{id:int}", "/conversations/{conversation}", Conversation(Pair),
            ("Save", Conversation(Pair)), ("Autosave", Conversation(Pair)), ("Held", Conversation(DemoPeople.CurrentLeader))),
        Page("conversations/{id:int}/plan", "/conversations/{conversation}/plan", Conversation(Pair),
            ("Save", Conversation(Pair)), ("Approve", Conversation(Pair)), ("Amend", Conversation(Pair))),
        Page("conversations/{id:int}/plan/pdf", "/conversations/{conversation}/plan/pdf", Conversation(Pair)),
        Page("conversations/{id:int}/print", "/conversations/{conversation}/print", Conversation(Pair)),
        Page("conversations/{id:int}/evaluation", "/conversations/{conversation}/evaluation", Conversation(Pair), ("", Conversation(Pair))),
        Page("conversations/{id:int}/follow-ups", "/conversations/{conversation}/follow-ups", Conversation(Pair), ("", Conversation(Pair))),
        Page("conversations/{id:int}/participation", "/conversations/{conversation}/participation", Conversation(DemoPeople.Employee),
            ("Decline", Conversation(DemoPeople.Employee)), ("TakeBack", Conversation(DemoPeople.Employee)),
            ("AcceptOffer", Conversation(DemoPeople.Employee)), ("DeclineOffer", Conversation(DemoPeople.Employee)),
            ("Statistics", Conversation(DemoPeople.Employee).But(DemoPeople.Employee, Outcome.Refused))),
        // Sharing plan actions with the team: the employee only; naming no action of the plan is refused.
        Page("conversations/{id:int}/share", "/conversations/{conversation}/share", Conversation(DemoPeople.Employee),
            ("Share", Conversation(DemoPeople.Employee).But(DemoPeople.Employee, Outcome.Refused)), ("Withdraw", Conversation(DemoPeople.Employee).But(DemoPeople.Employee, Outcome.Refused))),
        Page("conversations/{id:int}/offer", "/conversations/{conversation}/offer", Conversation(DemoPeople.CurrentLeader),
            ("", Conversation(DemoPeople.CurrentLeader)), ("Withdraw", Conversation(DemoPeople.CurrentLeader))),
        Page("conversations/{id:int}/schedule", "/conversations/{conversation}/schedule", Conversation(DemoPeople.CurrentLeader), ("", Conversation(DemoPeople.CurrentLeader))),
        Page("conversations/{id:int}/follow-up-meeting", "/conversations/{conversation}/follow-up-meeting", Conversation(DemoPeople.CurrentLeader),
            ("", Conversation(DemoPeople.CurrentLeader)), ("Cancel", Conversation(DemoPeople.CurrentLeader))),
        Page("conversations/{id:int}/excuse", "/conversations/{conversation}/excuse", Conversation(DemoPeople.CurrentLeader, DemoPeople.Hr),
            ("", Conversation(DemoPeople.CurrentLeader, DemoPeople.Hr))),
        Page("conversations/{id:int}/move", "/conversations/{conversation}/move", Conversation(DemoPeople.CurrentLeader, DemoPeople.Hr),
            ("", Conversation(DemoPeople.CurrentLeader, DemoPeople.Hr))),
    ];
}
