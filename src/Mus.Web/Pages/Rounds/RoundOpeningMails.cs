using System.Globalization;
using System.Text.RegularExpressions;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Rounds;

/// <summary>
/// The invitations a round sends when it opens, written to the outbox in the opener's transaction:
/// each employee is told what MUS is, the focus, the deadlines and where to prepare; each leader
/// gets their list. Links and dates only, never content (there is none yet, and there never will be in a mail).
/// <para>
/// The employees' mails are one INSERT … SELECT per language: the text is written once in C# with
/// markers where the name, the leader and the link go, and the database fills them in per row. For
/// 25,000 employees that is two statements instead of 25,000 rows through the change tracker.
/// </para>
/// </summary>
public sealed class RoundOpeningMails(AppDbContext db, PublicAddress publicAddress, IStringLocalizer<Text> text)
{
    public const string EmployeePurpose = "round-opened";
    public const string LeaderPurpose = "round-opened-leader";

    /// <summary>A leader's mail names at most this many people; the start page has the whole list.</summary>
    public const int NamesInLeaderMail = 30;

    /// <summary>The focus is quoted up to this length; the round's page has all of it.</summary>
    public const int FocusInMail = 600;

    /// <summary>Writes the opening mails for every conversation of <paramref name="round"/>; returns how many.</summary>
    public async Task<int> AddAsync(Round round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var culture in new[] { LocalizationRegistration.Danish, LocalizationRegistration.English })
        {
            written += await AddEmployeeMailsAsync(round, culture, now, cancellationToken);
        }

        return written + await AddLeaderMailsAsync(round, now, cancellationToken);
    }

    private async Task<int> AddEmployeeMailsAsync(Round round, CultureInfo culture, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Markers no text can contain by accident: a new random value per opening.
        var marker = Guid.NewGuid().ToString("N");
        string Mark(string what) => $"[[{marker}:{what}]]";
        var (subject, body) = LocalizationRegistration.In(culture, () =>
        {
            var focus = string.IsNullOrWhiteSpace(round.FocusText) ? ""
                : "\n\n" + text["Mail.RoundOpened.Focus", round.FocusText.Length > FocusInMail ? round.FocusText[..FocusInMail].TrimEnd() + " …" : round.FocusText].Value;
            var voluntary = round.Mandatory ? "" : "\n\n" + text["Mail.RoundOpened.Voluntary", Mark("participation")].Value;
            return (
                text["Mail.RoundOpened.Subject", round.Name, round.PreparationDeadline.ToString("D", culture)].Value,
                text["Mail.RoundOpened.Body", Mark("name"), round.Name, Mark("leader"), round.PreparationDeadline.ToString("D", culture),
                    round.ConversationDeadline.ToString("D", culture), focus, Mark("link"), publicAddress.Page("/Rounds/About", new { id = round.Id }), voluntary,
                    publicAddress.Page("/Guidance/Index", new { role = "employee" })].Value);
        });

        var parameters = new List<object>();
        string Parameter(object value)
        {
            parameters.Add(value);
            return $"{{{parameters.Count - 1}}}";
        }

        // A page's address around the conversation's id, as the router writes it, completed by the database.
        string Link(string page)
        {
            var (before, after) = publicAddress.PageAroundId(page);
            return $"{Parameter(before)} || CAST(c.\"Id\" AS TEXT) || {Parameter(after)}";
        }

        var columns = new Dictionary<string, string>
        {
            ["name"] = "p.\"Name\"",
            ["leader"] = "l.\"Name\"",
            ["link"] = Link("/Conversations/Preparation/Index"),
            ["participation"] = Link("/Conversations/Participation"),
        };
        var pieces = Regex.Split(body, $@"\[\[{marker}:(\w+)\]\]");
        // Split with a capture group: literal text at even positions, the marker's name at odd ones.
        var textBody = string.Join(" || ", pieces.Select((piece, index) => index % 2 == 0 ? Parameter(piece) : columns[piece]));
        var language = culture.TwoLetterISOLanguageName;
        var languageFilter = language == Domain.Person.EnglishLanguage ? $"p.\"Language\" = {Parameter(language)}" : $"p.\"Language\" <> {Parameter(Domain.Person.EnglishLanguage)}";
        var sql = $"""
            INSERT INTO {db.TableOf<OutboxMail>()} ({db.ColumnsOf<OutboxMail>(OutboxMail.BulkColumns)})
            SELECT p."Email", {Parameter(subject)}, {textBody}, {Parameter(language)},
                   {Parameter(marker + "-")} || CAST(c."Id" AS TEXT) || {Parameter("@" + publicAddress.BaseAddress.Host)},
                   {Parameter(EmployeePurpose)}, {Parameter(round.Id)}, {Parameter(now.UtcDateTime)}, {Parameter(now.UtcDateTime)}, 0
            FROM "Conversations" AS c
            JOIN "People" AS p ON p."Id" = c."EmployeeId"
            JOIN "People" AS l ON l."Id" = c."LeaderId"
            WHERE c."RoundId" = {Parameter(round.Id)} AND {languageFilter}
            ORDER BY c."Id"
            """;
        return await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    private async Task<int> AddLeaderMailsAsync(Round round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The leader's details come with each line: no list of thousands of ids in a second query.
        var lines = await db.Conversations.AsNoTracking()
            .Where(c => c.RoundId == round.Id)
            .Select(c => new { c.LeaderId, Employee = c.Employee!.Name, Leader = new { c.Leader!.Name, c.Leader.Email, c.Leader.Language } })
            .ToListAsync(cancellationToken);
        var startPage = publicAddress.Page("/Start/Leader");
        var roundPage = publicAddress.Page("/Rounds/About", new { id = round.Id });
        var guidance = publicAddress.Page("/Guidance/Index", new { role = "leader" });
        var teams = lines.GroupBy(l => l.LeaderId).ToList();
        foreach (var team in teams)
        {
            var leader = team.First().Leader;
            var culture = LocalizationRegistration.CultureOf(leader.Language);
            var names = team.Select(l => l.Employee).Order(StringComparer.Create(culture, ignoreCase: true)).ToList();
            var mail = LocalizationRegistration.In(culture, () =>
            {
                var listed = string.Join(", ", names.Take(NamesInLeaderMail))
                    + (names.Count > NamesInLeaderMail ? " " + text["Mail.RoundOpened.Leader.More", names.Count - NamesInLeaderMail].Value : "");
                var body = text["Mail.RoundOpened.Leader.Body", leader.Name, round.Name, names.Count, listed, round.PreparationDeadline.ToString("D", culture),
                    round.ConversationDeadline.ToString("D", culture), startPage, roundPage, guidance].Value;
                return OutboxMail.Create(leader.Email, text.Plural("Mail.RoundOpened.Leader.Subject", names.Count, round.Name, names.Count).Value, body, culture.TwoLetterISOLanguageName,
                    LeaderPurpose, now.UtcDateTime, publicAddress.BaseAddress.Host);
            });
            mail.RoundId = round.Id;
            db.OutboxMails.Add(mail);
        }

        await db.SaveChangesAsync(cancellationToken);
        return teams.Count;
    }
}
