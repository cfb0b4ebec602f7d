using Mus.Web.Domain.Plans;
using Mus.Web.Domain.Statistics;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>
/// A cut's figures arranged as the report shows them, this round beside the earlier one: one list of
/// rows per section. The page draws charts and tables from these rows and the CSV writes them, so the
/// two can never disagree.
/// </summary>
public sealed class ReportSections(CutFigures now, CutFigures? before, ReportLabels labels, IStringLocalizer<Text> text)
{
    /// <summary>One row: <paramref name="Count"/> of <paramref name="Of"/> (people, answers or actions), and the same in the earlier round.</summary>
    public sealed record Row(string Label, int Count, int Of, int? BeforeCount, int? BeforeOf, string? Key = null)
    {
        public double Share => Of == 0 ? 0 : 100.0 * Count / Of;

        public double? BeforeShare => BeforeOf is > 0 ? 100.0 * BeforeCount!.Value / BeforeOf.Value : null;
    }

    /// <summary>A scale question's answers: how many gave each of 1–5, and the mean.</summary>
    public sealed record Scale(string Label, int[] Answers, double? BeforeMean)
    {
        public int Answered => Answers.Sum();

        public double Mean => Answered == 0 ? 0 : Answers.Select((count, index) => count * (index + 1.0)).Sum() / Answered;
    }

    public CutFigures Now => now;

    public CutFigures? Before => before;

    public IReadOnlyList<Row> Overview =>
    [
        Of(text["Report.HeldOnTime"], RoundReport.HeldOnTime, "yes"),
        Of(text["Report.PlansApproved"], Figures.ApprovedPlan, "yes"),
    ];

    /// <summary>How many items went further; null when too few in the group had an approved plan for it to be shown.</summary>
    public int? GoesFurther => now.Shows(Figures.GoesFurther) ? now.Count(Figures.GoesFurther, "yes") : null;

    public int? GoesFurtherBefore => before?.Shows(Figures.GoesFurther) == true ? before.Count(Figures.GoesFurther, "yes") : null;

    /// <summary>Each theme put on the agenda, by how many conversations put it there, most first.</summary>
    public IReadOnlyList<Row> Agenda =>
    [
        .. now.Values(Figures.Agenda).Keys.Union(before?.Values(Figures.Agenda).Keys ?? [])
            .Select(theme => Of(labels.Theme(theme), Figures.Agenda, theme) with { Key = theme })
            .Where(row => row.Count > 0)
            .OrderByDescending(row => row.Count).ThenBy(row => row.Label, StringComparer.CurrentCulture),
    ];

    public int FirstOnAgenda(string theme) => now.Count(Figures.AgendaFirst, theme);

    /// <summary>Per competence and party: of those rated, how many below, at and above the expected level.</summary>
    public IReadOnlyList<(string Key, string Competence, int[] Self, int[] Leader)> Competences =>
    [
        .. now.Under(Figures.SelfRating).Select(g => g.Key).Union(now.Under(Figures.LeaderRating).Select(g => g.Key))
            .Select(key => (key, labels.Competence(key), Levels(Figures.SelfRating + key), Levels(Figures.LeaderRating + key)))
            .OrderBy(c => c.Item2, StringComparer.CurrentCulture),
    ];

    /// <summary>Rated below the expected level, by party, as shares of those rated (this round and the earlier one).</summary>
    public IReadOnlyList<Row> BelowStandard =>
    [
        .. Competences.SelectMany(c => new[] { (c.Key, c.Competence, Figures.SelfRating, "Report.BySelf"), (c.Key, c.Competence, Figures.LeaderRating, "Report.ByLeader") })
            .Select(c =>
            {
                var measure = c.Item3 + c.Key;
                return new Row(text[c.Item4, c.Competence], now.Count(measure, Figures.Below), now.Values(measure).Values.Sum(), before?.Count(measure, Figures.Below), before?.Values(measure).Values.Sum());
            })
            .Where(r => r.Of > 0),
    ];

    /// <summary>The evaluation's scale questions, the employees' answers first.</summary>
    public IReadOnlyList<Scale> Evaluation =>
    [
        .. new[] { (Figures.EmployeeEvaluation, "Report.Employees"), (Figures.LeaderEvaluation, "Report.Leaders") }.SelectMany(party =>
            now.Under(party.Item1)
                .Where(g => labels.Questions.GetValueOrDefault(g.Key)?.Kind != Domain.Templates.QuestionKind.YesNo)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new Scale(
                    text["Report.QuestionBy", labels.Question(g.Key), text[party.Item2]],
                    [.. Enumerable.Range(1, 5).Select(v => now.Count(party.Item1 + g.Key, v.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
                    before is null ? null : MeanOf(before, party.Item1 + g.Key)))),
    ];

    /// <summary>The kinds of action agreed in approved plans, as shares of all actions with a kind.</summary>
    public IReadOnlyList<Row> ActionKinds
    {
        get
        {
            // Too few in the group had an approved plan: no row says 0 where nothing may be said.
            if (!now.Shows(Figures.ActionKind))
            {
                return [];
            }

            var all = now.Values(Figures.ActionKind).Values.Sum();
            var beforeAll = before?.Values(Figures.ActionKind).Values.Sum();
            return
            [
                .. ActionChoices.Methods
                    .Select(method => new Row(text["Plan.How." + method], now.Count(Figures.ActionKind, method), all, before?.Count(Figures.ActionKind, method), beforeAll))
                    .Where(row => row.Count > 0 || row.BeforeCount > 0),
            ];
        }
    }

    private Row Of(string label, string measure, string value) =>
        new(label, now.Count(measure, value), now.People, before?.Count(measure, value), before?.People);

    private int[] Levels(string measure) => [now.Count(measure, Figures.Below), now.Count(measure, Figures.At), now.Count(measure, Figures.Above)];

    private static double? MeanOf(CutFigures figures, string measure)
    {
        var answers = Enumerable.Range(1, 5).Select(v => (Value: v, Count: figures.Count(measure, v.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        var answered = answers.Sum(a => a.Count);
        return answered == 0 ? null : answers.Sum(a => a.Value * (double)a.Count) / answered;
    }
}
