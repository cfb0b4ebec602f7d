using Microsoft.AspNetCore.Authorization.Infrastructure;
using Mus.Web.Domain.Templates;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// Everything the shared guide and its print view show, read for one of the two parties:
/// the conversation, its template, what each party has shared and the shared notes.
/// </summary>
public sealed record GuideView(
    int Id,
    string RoundName,
    int EmployeeId,
    string EmployeeName,
    int LeaderId,
    string LeaderName,
    ConversationStatus Status,
    DateTimeOffset? ScheduledStart,
    string? Location,
    bool IsLeader,
    IReadOnlyList<TemplateSection> Sections,
    IReadOnlyDictionary<string, string>? EmployeeShared,
    IReadOnlyDictionary<string, string>? LeaderShared,
    SharedNotes Notes,
    long NotesVersion,
    IReadOnlyList<Competence> Standard)
{
    /// <summary>One row of the competence view: the standard's level and the two shared ratings, null where not given or not shared.</summary>
    public sealed record CompetenceRow(Competence Competence, int? Self, int? Leader)
    {
        public bool BelowExpected => Self < Competence.ExpectedLevel || Leader < Competence.ExpectedLevel;

        public bool SeenDifferently => Self is { } self && Leader is { } leader && Math.Abs(self - leader) >= 2;
    }

    /// <summary>The competence view, when the template asks for ratings and the job group has a standard.</summary>
    public IReadOnlyList<CompetenceRow> CompetenceRows()
    {
        var questions = Sections.SelectMany(s => s.Questions).Where(q => q.Kind == QuestionKind.Competence).ToList();
        var selfQuestion = questions.FirstOrDefault(q => q.Audience == QuestionAudience.EmployeePreparation);
        var leaderQuestion = questions.FirstOrDefault(q => q.Audience == QuestionAudience.LeaderPreparation);
        if (selfQuestion is null && leaderQuestion is null)
        {
            return [];
        }

        static int? Rating(IReadOnlyDictionary<string, string>? answers, TemplateQuestion? question, Competence competence) =>
            question is not null && answers?.GetValueOrDefault(Answers.CompetenceKey(question, competence)) is { } value && int.TryParse(value, out var rating) ? rating : null;

        return [.. Standard.Select(c => new CompetenceRow(c, Rating(EmployeeShared, selfQuestion, c), Rating(LeaderShared, leaderQuestion, c)))];
    }

    public string NameOf(int? personId) => personId == EmployeeId ? EmployeeName : personId == LeaderId ? LeaderName : "";

    /// <summary>The themes on the agreed agenda first, in the agreed order, then the rest in template order.</summary>
    public IEnumerable<TemplateSection> SectionsInAgendaOrder()
    {
        var position = Notes.Agenda.Index().ToDictionary(a => a.Item, a => a.Index);
        return Sections.OrderBy(s => position.GetValueOrDefault(s.Key, int.MaxValue));
    }

    /// <param name="withPreparations">
    /// False for a save: the shared preparations are shown beside the guide but not sent with a save's
    /// answer, so they are not read (each read is on the other party's access log).
    /// </param>
    public static async Task<GuideView?> LoadAsync(AppDbContext db, PublishedTemplates templates, ConversationAccess access, CurrentUser me, int id, OperationAuthorizationRequirement? operation = null, bool withPreparations = true)
    {
        var parties = await access.AuthorizeAsync(id, operation ?? ConversationOperations.ViewContent);
        if (parties is null)
        {
            return null;
        }

        // The leader the conversation is with (its content is theirs and the employee's only).
        var leaderId = parties.ConversationLeaderId;

        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new
            {
                Round = c.Round!.Name,
                Employee = c.Employee!.Name,
                Leader = db.People.Where(p => p.Id == leaderId).Select(p => p.Name).Single(),
                c.Status,
                c.ScheduledStart,
                c.Location,
                c.TemplateVersionId,
            })
            .SingleAsync();
        var template = await templates.DocumentAsync(db, conversation.TemplateVersionId);
        var parts = await db.ConversationParts.AsNoTracking()
            .Where(p => p.ConversationId == id && (p.Kind == PartKind.SharedNotes || (withPreparations && p.SharedAt != null && (p.Kind == PartKind.EmployeePreparation || p.Kind == PartKind.LeaderPreparation))))
            .ToListAsync();
        var notes = parts.SingleOrDefault(p => p.Kind == PartKind.SharedNotes);
        IReadOnlyDictionary<string, string>? Shared(PartKind kind) =>
            parts.SingleOrDefault(p => p.Kind == kind) is { } part ? Answers.Read(part.Content) : null;

        return new GuideView(
            id, conversation.Round, parties.EmployeeId, conversation.Employee, leaderId, conversation.Leader, conversation.Status,
            conversation.ScheduledStart, conversation.Location, parties.IsCurrentLeader(me.PersonId),
            // The evaluation is answered by each alone afterwards, not in the shared guide.
            [.. template.Sections.Where(s => s.Questions.Any(q => q.Audience != QuestionAudience.Evaluation))],
            Shared(PartKind.EmployeePreparation), Shared(PartKind.LeaderPreparation),
            SharedNotes.Read(notes?.Content), notes?.Version ?? 0,
            Competence.ReadStandard(await db.People.Where(p => p.Id == parties.EmployeeId).Select(p => p.JobGroup!.Standard).SingleOrDefaultAsync()));
    }
}
