using Mus.Web.Domain;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Plans;
using Mus.Web.Domain.Statistics;
using Mus.Web.Domain.Templates;
using Mus.Web.Pages.Conversations.Preparation;
using Mus.Web.Pages.Rounds.Report;

namespace Mus.Tests.Domain;

/// <summary>What of each compartment becomes a figure: structured answers only, whatever the free text says.</summary>
public sealed class FiguresTests
{
    private static readonly TemplateDocument QualityStandard = BuiltInTemplates.All.Single(t => t.Key == "quality-standard").Document;
    private static readonly TemplateDocument FourThemes = BuiltInTemplates.All.Single(t => t.Key == "four-themes").Document;

    private static readonly IReadOnlyList<Competence> Standard =
    [
        new("drift", "Drift", null, 4),
        new("sro", "SRO", null, 3),
        new("samarbejde", "Samarbejde", null, 3),
    ];

    [Fact]
    public void CompetenceRatings_CountAsBelowAtOrAboveTheExpectedLevel_ForTheirAuthor_AndFreeTextNever()
    {
        var self = QualityStandard.QuestionsFor(QuestionAudience.EmployeePreparation).Single(q => q.Kind == QuestionKind.Competence);
        var content = Answers.Write(new Dictionary<string, string>
        {
            [Answers.CompetenceKey(self, Standard[0])] = "3",
            [Answers.CompetenceKey(self, Standard[1])] = "3",
            [Answers.CompetenceKey(self, Standard[2])] = "5",
            ["feedback-to-leader-praise"] = "4",
            ["climate-colleagues"] = "below",
            ["self-made-up--drift"] = "1",
        });

        var figures = Figures.From(PartKind.EmployeePreparation, content, QualityStandard, Standard);

        Assert.Equal([new("self:drift", "below"), new("self:sro", "at"), new("self:samarbejde", "above")], figures);
        Assert.Empty(Figures.From(PartKind.LeaderPreparation, content, QualityStandard, Standard));
    }

    [Fact]
    public void TheAgenda_CountsItsThemes_AndWhichCameFirst_OnlyThemesOfTheTemplate()
    {
        var content = new SharedNotes { Agenda = ["relations", "tasks", "made-up"], Summary = "relations" }.Write();

        Assert.Equal(
            [new(Figures.Agenda, "relations"), new(Figures.Agenda, "tasks"), new(Figures.AgendaFirst, "relations")],
            Figures.From(PartKind.SharedNotes, content, FourThemes, []));
    }

    [Fact]
    public void TheEvaluation_CountsScaleAnswers_NotTheFreeTextQuestionEvenWhenItSaysAFigure()
    {
        var content = Answers.Write(new Dictionary<string, string> { ["eval-useful"] = "4", ["eval-heard"] = "yes", ["eval-better"] = "5" });

        Assert.Equal([new("eval-employee:eval-useful", "4")], Figures.From(PartKind.EmployeeEvaluation, content, FourThemes, []));
        Assert.Equal([new("eval-leader:eval-useful", "4")], Figures.From(PartKind.LeaderEvaluation, content, FourThemes, []));
    }

    [Fact]
    public void APlan_CountsOnlyOnceApproved_ByTheKindsOfItsActionsAndItsItemsGoingFurther_AndAnAmendmentCountsWhenApprovedAgain()
    {
        var plan = new Plan();
        plan.Edit(new PlanContent([new PlanGoal("g", "Mål", [
            new PlanAction("a", "Kursus", null, "course", "employee", null, null, ActionStatus.Planned, "Kursusønske"),
            new PlanAction("b", "Sidemand", null, "on-the-job", "both", null, null, ActionStatus.Planned, null),
            new PlanAction("c", "Noget", null, null, null, null, null, ActionStatus.Planned, null),
        ])]));
        Assert.Empty(Figures.From(PartKind.Plan, plan.Write(), FourThemes, []));

        plan.Approve(PlanParty.Employee, 1, plan.Hash, DateTimeOffset.UnixEpoch);
        plan.Approve(PlanParty.Leader, 2, plan.Hash, DateTimeOffset.UnixEpoch);
        var approved = new Figure[] { new(Figures.ApprovedPlan, "yes"), new(Figures.ActionKind, "course"), new(Figures.ActionKind, "on-the-job"), new(Figures.GoesFurther, "yes") };
        Assert.Equal(approved, Figures.From(PartKind.Plan, plan.Write(), FourThemes, []));

        plan.Amend();
        plan.Edit(new PlanContent([new PlanGoal("g", "Mål", [new PlanAction("a", "Mentor", null, "mentor", "employee", null, null, ActionStatus.Planned, null)])]));
        Assert.Equal(approved, Figures.From(PartKind.Plan, plan.Write(), FourThemes, []));
        plan.Approve(PlanParty.Employee, 1, plan.Hash, DateTimeOffset.UnixEpoch);
        plan.Approve(PlanParty.Leader, 2, plan.Hash, DateTimeOffset.UnixEpoch);
        Assert.Equal([new(Figures.ApprovedPlan, "yes"), new(Figures.ActionKind, "mentor")], Figures.From(PartKind.Plan, plan.Write(), FourThemes, []));
    }

    [Fact]
    public void Figures_AreReadBackByTheReport_AsTheyWereWritten()
    {
        Figure[] figures = [new("agenda", "tasks"), new("self:æøå", "below"), new("eval-employee:eval-useful", "5"), new("agenda", "tasks")];
        var people = Enumerable.Range(1, 5).Select(id => new RoundReport.Counted(id, 1, null, []) { Encoded = [System.Text.Encoding.UTF8.GetString(Figures.Encode(figures))] }).ToList();

        var counted = RoundReport.Build(5, new Dictionary<int, int?> { [1] = null }, people).For("unit:1")!;

        Assert.Equal(5, counted.People);
        Assert.Equal(10, counted.Count("agenda", "tasks"));
        Assert.Equal(5, counted.Count("self:æøå", "below"));
        Assert.Equal(5, counted.Count("eval-employee:eval-useful", "5"));
        Assert.Equal(3, counted.Counts.Count);
    }
}
