using Mus.Web.Domain.Statistics;
using Mus.Web.Domain.Templates;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>
/// The words for a report's keys: themes and evaluation questions from the templates the round's
/// conversations use (a senior conversation offered instead brings its own), competences from the
/// job groups' standards. A key no longer found is shown as it is.
/// </summary>
public sealed record ReportLabels(IReadOnlyDictionary<string, string> Themes, IReadOnlyDictionary<string, TemplateQuestion> Questions, IReadOnlyDictionary<string, string> Competences)
{
    public string Theme(string key) => Themes.GetValueOrDefault(key) ?? key;

    public string Question(string key) => Questions.GetValueOrDefault(key)?.Text ?? key;

    public string Competence(string key) => Competences.GetValueOrDefault(key) ?? key;

    public static async Task<ReportLabels> ForAsync(AppDbContext db, PublishedTemplates templates, int roundId, CancellationToken cancellationToken = default)
    {
        var versionIds = await db.Conversations.Where(c => c.RoundId == roundId).Select(c => c.TemplateVersionId).Distinct().ToListAsync(cancellationToken);
        var themes = new Dictionary<string, string>();
        var questions = new Dictionary<string, TemplateQuestion>();
        foreach (var versionId in versionIds.Order())
        {
            var document = await templates.DocumentAsync(db, versionId);
            foreach (var section in document.Sections)
            {
                themes.TryAdd(section.Key, section.Title);
            }

            foreach (var question in document.QuestionsFor(QuestionAudience.Evaluation).Where(q => q.Kind is QuestionKind.Scale or QuestionKind.YesNo))
            {
                questions.TryAdd(question.Key, question);
            }
        }

        var competences = new Dictionary<string, string>();
        foreach (var standard in await db.JobGroups.AsNoTracking().OrderBy(g => g.Id).Select(g => g.Standard).ToListAsync(cancellationToken))
        {
            foreach (var competence in Domain.Competence.ReadStandard(standard))
            {
                competences.TryAdd(competence.Key, competence.Name);
            }
        }

        return new ReportLabels(themes, questions, competences);
    }
}
