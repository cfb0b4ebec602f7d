using Mus.Web.Domain.Plans;
using Mus.Web.Domain.Templates;

namespace Mus.Web.Pages.Conversations.Plans;

/// <summary>
/// Competences that both the employee and the leader rated below the job group's expected level, in
/// preparations both have shared: the plan page suggests an action on each (the pair decide; nothing
/// is added to the plan by itself). Ratings not shared are never used, so neither learns the other's
/// private rating from a suggestion. A competence the plan already names is not suggested again.
/// </summary>
public static class PlanGaps
{
    public sealed record Gap(Competence Competence, int Self, int Leader);

    public static async Task<IReadOnlyList<Gap>> ForAsync(AppDbContext db, PublishedTemplates templates, int conversationId, PlanContent content)
    {
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
            .Select(c => new { c.TemplateVersionId, c.Employee!.JobGroup!.Standard })
            .SingleAsync();
        var questions = (await templates.DocumentAsync(db, conversation.TemplateVersionId)).Sections.SelectMany(s => s.Questions).Where(q => q.Kind == QuestionKind.Competence).ToList();
        var selfQuestion = questions.FirstOrDefault(q => q.Audience == QuestionAudience.EmployeePreparation);
        var leaderQuestion = questions.FirstOrDefault(q => q.Audience == QuestionAudience.LeaderPreparation);
        var standard = Competence.ReadStandard(conversation.Standard);
        if (selfQuestion is null || leaderQuestion is null || standard.Count == 0)
        {
            return [];
        }

        var shared = await db.ConversationParts.AsNoTracking()
            .Where(p => p.ConversationId == conversationId && p.SharedAt != null && (p.Kind == PartKind.EmployeePreparation || p.Kind == PartKind.LeaderPreparation))
            .ToListAsync();
        var self = Answers.Read(shared.FirstOrDefault(p => p.Kind == PartKind.EmployeePreparation)?.Content);
        var leader = Answers.Read(shared.FirstOrDefault(p => p.Kind == PartKind.LeaderPreparation)?.Content);
        static int? Rating(Dictionary<string, string> answers, TemplateQuestion question, Competence competence) =>
            int.TryParse(answers.GetValueOrDefault(Answers.CompetenceKey(question, competence)), out var rating) ? rating : null;

        var named = string.Join("\n", content.Actions.SelectMany(a => new[] { a.What, a.Why }).Concat(content.Goals.Select(g => g.Title)).OfType<string>());
        return
        [
            .. standard
                .Select(c => (Competence: c, Self: Rating(self, selfQuestion, c), Leader: Rating(leader, leaderQuestion, c)))
                .Where(r => r.Self < r.Competence.ExpectedLevel && r.Leader < r.Competence.ExpectedLevel)
                .Where(r => !named.Contains(r.Competence.Name, StringComparison.CurrentCultureIgnoreCase))
                .Select(r => new Gap(r.Competence, r.Self!.Value, r.Leader!.Value)),
        ];
    }
}
