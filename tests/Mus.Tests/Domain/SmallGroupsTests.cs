using System.Globalization;
using CsCheck;
using Mus.Web.Domain.Statistics;
using Mus.Web.Pages.Rounds.Report;

namespace Mus.Tests.Domain;

/// <summary>
/// The rule of five with no small set recoverable by adding and subtracting: the demo's case, the
/// shapes that matter, and random organisations checked by the tests' own linear algebra
/// (<see cref="LinearDisclosure"/>), not by the product's code.
/// </summary>
public sealed class SmallGroupsTests
{
    private static OrganisationCuts.Member[] People(int unit, int count, int? jobGroup = null, int first = 0) =>
        [.. Enumerable.Range(first, count).Select(p => new OrganisationCuts.Member(p, unit, jobGroup))];

    private static Dictionary<string, CutDecision> Decide(Dictionary<int, int?> parentOf, IEnumerable<OrganisationCuts.Member> members, int threshold = 5) =>
        SmallGroups.Decide(parentOf, [.. members], threshold).ToDictionary(d => d.Cut.Key);

    private static IReadOnlySet<int>? Isolated(IEnumerable<CutDecision> decisions, int threshold = 5) =>
        LinearDisclosure.Isolated([.. decisions.Where(d => d.Shown).Select(d => d.Cut.People)], threshold);

    /// <summary>The demo's last-year round: Fjordby Forsyning 17, its three departments 6, 5 and 5 – one person left over.</summary>
    private static (Dictionary<int, int?> ParentOf, List<OrganisationCuts.Member> Members) Demo()
    {
        var parentOf = new Dictionary<int, int?> { [1] = null, [2] = 1, [3] = 1, [4] = 1 };
        return (parentOf, [.. People(1, 1, first: 100), .. People(2, 6, first: 200), .. People(3, 5, first: 300), .. People(4, 5, first: 400)]);
    }

    [Fact]
    public void TheDemosFourGroups_ShownTogether_TellTheOnePersonLeftOver_TheTestsOwnArithmeticFindsThem()
    {
        var (parentOf, members) = Demo();
        var all = OrganisationCuts.Build(parentOf, members).Select(c => new CutDecision(c, Suppression.None, null));

        // What the rule before this one showed (no two of them differ by 1 to 4): 17 − 6 − 5 − 5 is the director's office.
        Assert.Equal([100], Isolated(all)!.Order());
    }

    [Fact]
    public void TheDemosFourGroups_UnderTheRule_LeaveNobodyOver_AndTheOrganisationIsShown()
    {
        var (parentOf, members) = Demo();

        var decisions = Decide(parentOf, members);

        Assert.True(decisions["unit:1"].Shown);
        var hidden = Assert.Single(decisions.Values, d => !d.Shown);
        // The smallest department goes (the first of two of five), so the organisation minus the shown ones leaves 6.
        Assert.Equal(("unit:3", Suppression.Differencing, "unit:1"), (hidden.Cut.Key, hidden.Reason, hidden.Against));
        Assert.Null(Isolated(decisions.Values));
    }

    [Fact]
    public void AUnitOf12_AndItsOnlySubUnitOf11_AreNotBothShown_TheSubUnitIsHidden()
    {
        var parentOf = new Dictionary<int, int?> { [1] = null, [2] = 1 };

        var decisions = Decide(parentOf, [.. People(1, 1), .. People(2, 11, first: 1)]);

        Assert.True(decisions["unit:1"].Shown);
        Assert.Equal((Suppression.Differencing, "unit:1"), (decisions["unit:2"].Reason, decisions["unit:2"].Against));
    }

    [Fact]
    public void FourPeople_AreNeverAFigure_EvenIfASettingSaysThree_AndFiveAre()
    {
        var parentOf = new Dictionary<int, int?> { [1] = null, [2] = null };

        var decisions = Decide(parentOf, [.. People(1, 4), .. People(2, 5, first: 10)], threshold: 3);

        Assert.Equal(Suppression.TooFew, decisions["unit:1"].Reason);
        Assert.True(decisions["unit:2"].Shown);
        Assert.Equal(5, SmallGroups.Threshold(3));
        Assert.Equal(8, SmallGroups.Threshold(8));
    }

    [Fact]
    public void AJobGroupSpreadThinlyOverManyUnits_IsShown_ForNoSmallSetCanBeCutOutOfIt()
    {
        // Ten units of 20, each with two nurses (job group 2) among care workers (job group 1).
        var parentOf = Enumerable.Range(1, 10).ToDictionary(u => u, u => u == 1 ? null : (int?)1);
        var members = Enumerable.Range(1, 10).SelectMany(u => People(u, 18, 1, u * 100).Concat(People(u, 2, 2, (u * 100) + 50))).ToList();

        var decisions = Decide(parentOf, members);

        Assert.True(decisions["job-group:2"].Shown);
        Assert.True(decisions["job-group:1"].Shown);
        Assert.Null(Isolated(decisions.Values));
    }

    [Fact]
    public void AJobGroupInOneUnitButOnePerson_IsHidden_ForTheUnitsAndItWouldTellThatPerson()
    {
        // Unit 2 is five engineers (job group 7); one more engineer sits among nine others in unit 3.
        var parentOf = new Dictionary<int, int?> { [1] = null, [2] = 1, [3] = 1 };
        var members = People(2, 5, 7).Concat(People(3, 1, 7, 20)).Concat(People(3, 9, null, 30)).ToList();
        var all = OrganisationCuts.Build(parentOf, members).Select(c => new CutDecision(c, c.People.Count >= 5 ? Suppression.None : Suppression.TooFew, null)).ToList();
        Assert.NotNull(Isolated(all));

        var decisions = Decide(parentOf, members);

        Assert.Equal(Suppression.Differencing, decisions["job-group:7"].Reason);
        Assert.True(decisions["unit:2"].Shown && decisions["unit:3"].Shown && decisions["unit:1"].Shown);
        Assert.Null(Isolated(decisions.Values));
    }

    [Fact]
    public void AJobGroupAcrossTwoDepartments_WithOnePersonEachWay_IsHidden_ForUnitMinusJobGroupIsOneAnswerMinusAnother()
    {
        // An outside tester's case: department 2 is five of job group 10 and a, department 3 is five others and b of job group 10.
        // Department 2 minus job group 10 is a − b: with yes/no answers, a difference of 1 tells both.
        var parentOf = new Dictionary<int, int?> { [1] = null, [2] = 1, [3] = 1 };
        var members = People(2, 5, 10).Concat(People(2, 1, null, 5)).Concat(People(3, 5, null, 6)).Concat(People(3, 1, 10, 11)).ToList();
        var all = OrganisationCuts.Build(parentOf, members).Select(c => new CutDecision(c, Suppression.None, null)).ToList();
        Assert.Equal([5, 11], Isolated(all)!.Order());

        var decisions = Decide(parentOf, members);

        Assert.Equal(Suppression.Differencing, decisions["job-group:10"].Reason);
        Assert.True(decisions["unit:1"].Shown && decisions["unit:2"].Shown && decisions["unit:3"].Shown);
        Assert.Null(Isolated(decisions.Values));
    }

    [Fact]
    public void UnitsInALoop_InBadData_AreDecided_AndIsolateNobody()
    {
        // Units 1 and 2 each name the other as parent; unit 3 hangs under 2.
        var parentOf = new Dictionary<int, int?> { [1] = 2, [2] = 1, [3] = 2 };

        var decisions = Decide(parentOf, [.. People(1, 6), .. People(2, 3, first: 10), .. People(3, 7, first: 20)]);

        Assert.Equal(["unit:1", "unit:2", "unit:3"], decisions.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(decisions.Values, d => d.Shown);
        Assert.Null(Isolated(decisions.Values));
    }

    [Theory]
    [InlineData(5, 5, true)]
    [InlineData(5, 4, false)]
    [InlineData(4, 9, false)]
    [InlineData(12, 30, true)]
    public void AComparisonWithLastYear_NeedsBothYearsToMeetTheRule(int thisYear, int lastYear, bool shown) =>
        Assert.Equal(shown, SmallGroups.MayCompare(thisYear, lastYear, 5));

    private sealed record Organisation(int[] ParentIndex, int JobGroups, int[] PeoplePerUnit, int Seed, int Threshold);

    private static readonly Gen<Organisation> Organisations =
        from units in Gen.Int[1, 16]
        from parents in Gen.Int[0, 1000].Array[units]
        from jobGroups in Gen.Int[0, 4]
        from people in Gen.Int[0, 30].Array[units]
        from seed in Gen.Int
        from threshold in Gen.Int[0, 2].Select(i => new[] { 3, 5, 7 }[i])
        select new Organisation(parents, jobGroups, people, seed, threshold);

    private static readonly string[] Questions = ["eval-employee:useful", "eval-employee:heard", "self:gis"];

    /// <summary>A random year: units each under an earlier one, people with or without a job group, each question answered by most.</summary>
    private static (Dictionary<int, int?> ParentOf, List<OrganisationCuts.Member> Members, Dictionary<(int Person, string Question), int> Answers) Year(Organisation organisation, Random random, int firstPerson)
    {
        var parentOf = new Dictionary<int, int?>();
        for (var unit = 0; unit < organisation.PeoplePerUnit.Length; unit++)
        {
            parentOf[unit] = unit == 0 ? null : organisation.ParentIndex[unit] % unit;
        }

        var members = new List<OrganisationCuts.Member>();
        var answers = new Dictionary<(int, string), int>();
        for (var unit = 0; unit < organisation.PeoplePerUnit.Length; unit++)
        {
            // Some people move or leave between the years.
            for (var person = 0; person < organisation.PeoplePerUnit[unit] + random.Next(-2, 3); person++)
            {
                var id = firstPerson + members.Count;
                var group = organisation.JobGroups == 0 || random.Next(4) == 0 ? (int?)null : random.Next(organisation.JobGroups);
                members.Add(new OrganisationCuts.Member(id, unit, group));
                foreach (var (question, index) in Questions.Select((q, i) => (q, i)))
                {
                    // The first question is answered by nearly everyone, the last by few.
                    if (random.Next(10) < 9 - (3 * index))
                    {
                        answers[(id, question)] = random.Next(1, 4);
                    }
                }
            }
        }

        return (parentOf, members, answers);
    }

    private static RoundReport Publish(int threshold, Dictionary<int, int?> parentOf, List<OrganisationCuts.Member> members, Dictionary<(int Person, string Question), int> answers) =>
        RoundReport.Read(RoundReport.Build(threshold, parentOf, [.. members.Select(m => new RoundReport.Counted(m.PersonId, m.UnitId, m.JobGroupId,
            [.. Questions.Where(q => answers.ContainsKey((m.PersonId, q))).Select(q => new Figure(q, answers[(m.PersonId, q)].ToString(CultureInfo.InvariantCulture)))]))]).Write());

    /// <summary>
    /// Random organisations, two years of them: for everyone counted and for each question's answerers,
    /// no combination of the groups published (this year's, and last year's beside them) is non-zero for
    /// 1 to threshold − 1 people only, by the tests' own linear algebra; every published figure is a direct count;
    /// no figure is for fewer than the threshold.
    /// </summary>
    [Fact]
    public void OnRandomOrganisations_NoCombinationOfTheShownGroupsTouchesFewerThanTheThreshold_ForAnyQuestion_OrBesideLastYear()
    {
        Organisations.Sample(organisation =>
        {
            var random = new Random(organisation.Seed);
            var threshold = Math.Max(organisation.Threshold, 5);
            var thisYear = Year(organisation, random, 0);
            var lastYear = Year(organisation, random, 100_000);
            var reports = new[] { (Year: thisYear, Report: Publish(organisation.Threshold, thisYear.ParentOf, thisYear.Members, thisYear.Answers)),
                (Year: lastYear, Report: Publish(organisation.Threshold, lastYear.ParentOf, lastYear.Members, lastYear.Answers)) };

            foreach (var question in Questions.Prepend(RoundReport.Everyone))
            {
                var groups = new List<IReadOnlySet<int>>();
                foreach (var ((parentOf, members, answers), report) in reports)
                {
                    var answered = members.Where(m => question == RoundReport.Everyone || answers.ContainsKey((m.PersonId, question))).ToList();
                    var cuts = OrganisationCuts.Build(parentOf, answered);
                    foreach (var cut in cuts)
                    {
                        var figures = report.For(cut.Key);
                        var shown = question == RoundReport.Everyone ? figures is not null : figures?.Shows(question) == true;
                        if (!shown)
                        {
                            continue;
                        }

                        Assert.True(cut.People.Count >= threshold, $"{cut.Key} shows {question} for {cut.People.Count}");
                        groups.Add(cut.People);
                        if (question == RoundReport.Everyone)
                        {
                            Assert.Equal(cut.People.Count, figures!.People);
                        }
                        else
                        {
                            Assert.Equal(cut.People.Count, figures!.Values(question).Values.Sum());
                            for (var value = 1; value < 4; value++)
                            {
                                var direct = cut.People.Count(p => answers[(p, question)] == value);
                                Assert.Equal(direct, figures!.Count(question, value.ToString(CultureInfo.InvariantCulture)));
                            }
                        }
                    }

                    // A group not shown gives no size either.
                    Assert.All(report.Groups.Where(g => !g.Shown), g => Assert.Null(g.People));
                }

                var isolated = LinearDisclosure.Isolated(groups, threshold);
                Assert.True(isolated is null, $"{question}: the shown groups isolate {string.Join(", ", isolated ?? new HashSet<int>())}");
            }
        }, iter: 150);
    }
}
