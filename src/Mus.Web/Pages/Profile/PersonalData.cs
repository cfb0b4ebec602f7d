using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Mus.Web.Data.Derived;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Audit;

namespace Mus.Web.Pages.Profile;

/// <summary>
/// Everything kept about one employee, for their own copy (GDPR access): their record in the
/// organisation, each conversation with what they may read in it, their receipts and the audit rows
/// about them. Left out on purpose: a leader's preparation they never shared, the leader's own
/// evaluation, and anything about other people (readers other than the two parties appear by role).
/// </summary>
public sealed record PersonalData(
    DateTimeOffset CreatedAt,
    PersonalData.PersonRecord Person,
    IReadOnlyList<PersonalData.ConversationRecord> Conversations,
    IReadOnlyList<Receipts.Line> Receipts,
    IReadOnlyList<PersonalData.AccessRecord> Access)
{
    /// <param name="Language">The language mails are written in.</param>
    /// <param name="WeeklyDigest">Reminders gathered on Mondays rather than sent as they fall due.</param>
    /// <param name="ReminderMailsOff">No reminder mails at all.</param>
    public sealed record PersonRecord(string EmployeeNumber, string Name, string Email, string? JobTitle, string? JobGroup, string Unit, string? Leader, DateOnly? EmploymentStart, string Language, bool WeeklyDigest, bool ReminderMailsOff);

    public sealed record Answer(string Question, string Value);

    public sealed record ConversationRecord(
        string Round,
        int Year,
        ConversationStatus Status,
        string Leader,
        DateTimeOffset? ScheduledStart,
        string? Location,
        DateTimeOffset? HeldAt,
        DateTimeOffset? DeclinedAt,
        ConversationOffer? Offer,
        OfferAnswer? OfferAnswer,
        IReadOnlyList<Answer> MyPreparation,
        IReadOnlyList<Answer>? LeaderPreparationAsShared,
        SharedNotes? SharedNotes,
        Plan? Plan,
        FollowUpLog? FollowUps,
        IReadOnlyList<Answer> MyEvaluation,
        ForwardedItems? PassedOn,
        DateTimeOffset? OptedOutOfStatisticsAt,
        IReadOnlyList<string> SharedWithTeam);

    public sealed record AccessRecord(DateTimeOffset At, string Who, PartKind Compartment, AuditAction Action, string Purpose);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static async Task<PersonalData?> CollectAsync(AppDbContext db, AuditTrail audit, int employeeId, Func<string, string> roleName, DateTimeOffset now)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == employeeId)
            .Select(p => new PersonRecord(p.EmployeeNumber, p.Name, p.Email, p.JobTitle, p.JobGroup!.Name, p.OrgUnit!.Name, p.Leader!.Name, p.EmploymentStart, p.Language, p.WeeklyDigest, p.ReminderMailsOff))
            .SingleOrDefaultAsync();
        if (person is null)
        {
            return null;
        }

        var conversations = await db.Conversations.AsNoTracking().Where(c => c.EmployeeId == employeeId).OrderBy(c => c.RoundId)
            .Select(c => new { c.Id, Round = c.Round!.Name, c.Round.Year, c.Status, Leader = c.Leader!.Name, c.ScheduledStart, c.Location, c.HeldAt, c.DeclinedAt, c.Offer, c.OfferAnswer, c.TemplateVersionId, c.StatisticsOptOutAt })
            .ToListAsync();
        var ids = conversations.Select(c => c.Id).ToList();
        var readable = new[] { PartKind.EmployeePreparation, PartKind.LeaderPreparation, PartKind.SharedNotes, PartKind.Plan, PartKind.FollowUps, PartKind.EmployeeEvaluation, PartKind.Forwarded };
        // The leader's preparation only as far as it was shared; the leader's evaluation never.
        var parts = (await db.ConversationParts.AsNoTracking()
            .Where(p => ids.Contains(p.ConversationId) && readable.Contains(p.Kind) && (p.Kind != PartKind.LeaderPreparation || p.SharedAt != null))
            .ToListAsync())
            .ToDictionary(p => (p.ConversationId, p.Kind));
        foreach (var part in parts.Values)
        {
            audit.Record(part.ConversationId, part.Kind, AuditAction.Export);
        }

        var templateIds = conversations.Select(c => c.TemplateVersionId).Distinct().ToList();
        var questions = (await db.TemplateVersions.AsNoTracking().Where(v => templateIds.Contains(v.Id)).ToListAsync())
            .ToDictionary(v => v.Id, v => v.Document.Sections.SelectMany(s => s.Questions).GroupBy(q => q.Key).ToDictionary(g => g.Key, g => g.First().Text));
        IReadOnlyList<Answer> Answers(int conversationId, int templateId, PartKind kind) =>
            parts.TryGetValue((conversationId, kind), out var part)
                ? [.. Domain.Conversations.Answers.Read(part.Content).Select(a => new Answer(questions[templateId].GetValueOrDefault(a.Key.Split("--")[0], a.Key), a.Value))]
                : [];
        string? Content(int conversationId, PartKind kind) => parts.TryGetValue((conversationId, kind), out var part) ? part.Content : null;
        var cipher = db.GetService<Infrastructure.Crypto.CompartmentCipher>();
        var shared = (await db.SharedActions.AsNoTracking().Where(a => ids.Contains(a.ConversationId)).OrderBy(a => a.Id).ToListAsync())
            .ToLookup(a => a.ConversationId, a => SharedActions.Open(cipher, a) ?? "");

        var records = conversations.Select(c => new ConversationRecord(
            c.Round, c.Year, c.Status, c.Leader, c.ScheduledStart, c.Location, c.HeldAt, c.DeclinedAt, c.Offer, c.OfferAnswer,
            Answers(c.Id, c.TemplateVersionId, PartKind.EmployeePreparation),
            parts.ContainsKey((c.Id, PartKind.LeaderPreparation)) ? Answers(c.Id, c.TemplateVersionId, PartKind.LeaderPreparation) : null,
            Content(c.Id, PartKind.SharedNotes) is { } notes ? SharedNotes.Read(notes) : null,
            Content(c.Id, PartKind.Plan) is { } plan ? Plan.Read(plan) : null,
            Content(c.Id, PartKind.FollowUps) is { } followUps ? FollowUpLog.Read(followUps) : null,
            Answers(c.Id, c.TemplateVersionId, PartKind.EmployeeEvaluation),
            Content(c.Id, PartKind.Forwarded) is { } forwarded ? ForwardedItems.Read(forwarded) : null,
            c.StatisticsOptOutAt,
            [.. shared[c.Id]])).ToList();

        var access = (await AccessLog.ForAsync(db, employeeId))
            .Reverse()
            .Select(line => new AccessRecord(line.At, line.Name ?? roleName(line.RoleKey!), line.Compartment, line.Action, line.Purpose))
            .ToList();

        return new PersonalData(now, person, records, await Profile.Receipts.ForAsync(db, employeeId), access);
    }
}
