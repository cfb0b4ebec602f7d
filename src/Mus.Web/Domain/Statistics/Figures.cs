using System.Text;
using Mus.Web.Domain.Plans;
using Mus.Web.Domain.Templates;

namespace Mus.Web.Domain.Statistics;

/// <summary>One structured answer that may be counted: what is measured and the answer given (never free text).</summary>
public readonly record struct Figure(string Measure, string Value);

/// <summary>
/// What of a compartment may be counted, taken out when it is saved: the agenda's themes, competence
/// ratings against the job group's standard (as below, at or above the expected level), the
/// evaluation's scale and yes/no answers, and the kinds of action and goes-further items of the
/// approved plan. Free text never becomes a figure, whatever it says.
/// </summary>
public static class Figures
{
    public const string Agenda = "agenda";
    public const string AgendaFirst = "agenda-first";
    public const string SelfRating = "self:";
    public const string LeaderRating = "leader:";
    public const string EmployeeEvaluation = "eval-employee:";
    public const string LeaderEvaluation = "eval-leader:";
    public const string ActionKind = "action-kind";
    public const string ApprovedPlan = "plan-approved";
    public const string GoesFurther = "goes-further";

    public const string Below = "below";
    public const string At = "at";
    public const string Above = "above";

    /// <summary>The compartments that hold structured answers.</summary>
    public static bool Counts(PartKind kind) => kind is PartKind.EmployeePreparation or PartKind.LeaderPreparation or PartKind.SharedNotes
        or PartKind.Plan or PartKind.EmployeeEvaluation or PartKind.LeaderEvaluation;

    public static IReadOnlyList<Figure> From(PartKind kind, string content, TemplateDocument template, IReadOnlyList<Competence> standard) => kind switch
    {
        PartKind.EmployeePreparation => Ratings(SelfRating, content, template.QuestionsFor(QuestionAudience.EmployeePreparation), standard),
        PartKind.LeaderPreparation => Ratings(LeaderRating, content, template.QuestionsFor(QuestionAudience.LeaderPreparation), standard),
        PartKind.SharedNotes => AgendaOf(content, template),
        PartKind.Plan => PlanOf(content),
        PartKind.EmployeeEvaluation => Evaluation(EmployeeEvaluation, content, template),
        PartKind.LeaderEvaluation => Evaluation(LeaderEvaluation, content, template),
        _ => [],
    };

    private static List<Figure> Ratings(string prefix, string content, IEnumerable<TemplateQuestion> questions, IReadOnlyList<Competence> standard)
    {
        var answers = Answers.Read(content);
        var figures = new List<Figure>();
        foreach (var question in questions.Where(q => q.Kind == QuestionKind.Competence))
        {
            foreach (var competence in standard)
            {
                if (answers.GetValueOrDefault(Answers.CompetenceKey(question, competence)) is { } answer && int.TryParse(answer, out var rating) && rating is >= 1 and <= 5)
                {
                    var level = rating < competence.ExpectedLevel ? Below : rating == competence.ExpectedLevel ? At : Above;
                    figures.Add(new(prefix + competence.Key, level));
                }
            }
        }

        return figures;
    }

    private static List<Figure> AgendaOf(string content, TemplateDocument template)
    {
        var themes = template.Sections.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var agenda = SharedNotes.Read(content).Agenda.Where(themes.Contains).Distinct().ToList();
        return [.. agenda.Select(key => new Figure(Agenda, key)), .. agenda.Take(1).Select(key => new Figure(AgendaFirst, key))];
    }

    private static List<Figure> PlanOf(string content)
    {
        if (Plan.Read(content).LatestApproved() is not { } approved)
        {
            return [];
        }

        var actions = approved.Content.Actions.ToList();
        return
        [
            new(ApprovedPlan, "yes"),
            .. actions.Where(a => a.How is { } how && ActionChoices.Methods.Contains(how)).Select(a => new Figure(ActionKind, a.How!)),
            .. actions.Where(a => a.GoesFurther is not null).Select(_ => new Figure(GoesFurther, "yes")),
        ];
    }

    private static List<Figure> Evaluation(string prefix, string content, TemplateDocument template)
    {
        var answers = Answers.Read(content);
        return
        [
            .. template.QuestionsFor(QuestionAudience.Evaluation)
                .Where(q => q.Kind is QuestionKind.Scale or QuestionKind.YesNo)
                .Where(q => answers.GetValueOrDefault(q.Key) is "1" or "2" or "3" or "4" or "5" or "yes" or "no")
                .Where(q => q.Kind == QuestionKind.Scale ? answers[q.Key] is not ("yes" or "no") : answers[q.Key] is "yes" or "no")
                .Select(q => new Figure(prefix + q.Key, answers[q.Key])),
        ];
    }

    /// <summary>One figure a line, measure and value split by a tab: small, and read back without a parser (<see cref="RoundReport"/>).</summary>
    public static byte[] Encode(IEnumerable<Figure> figures) =>
        Encoding.UTF8.GetBytes(string.Concat(figures.Select(f => f.Measure + "\t" + f.Value + "\n")));
}
