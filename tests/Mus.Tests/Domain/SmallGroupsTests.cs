using System.Globalization;
using CsCheck;
using Mus.Web.Domain.Statistics;
using Mus.Web.Pages.Statistics;

namespace Mus.Tests.Domain;

/// <summary>The rule of five and no differencing, on the example and on random organisations.</summary>
public sealed class SmallGroupsTests
{
    private static Cut CutOf(string key, int from, int count) => new(key, Enumerable.Range(from, count).ToHashSet());

    [Fact]
    public void AUnitOf12_AndItsSubUnitOf11_AreNotBothShown_TheSmallerIsSuppressedAndSaysWhy()
    {
        var unit = CutOf("unit:drift", 1, 12);
        var subUnit = CutOf("unit:drift-nord", 1, 11);

        var decisions = SmallGroups.Decide([subUnit, unit], 5).ToDictionary(d => d.Cut.Key);

        Assert.True(decisions["unit:drift"].Shown);
        Assert.Equal((Suppression.Differencing, "unit:drift"), (decisions["unit:drift-nord"].Reason, decisions["unit:drift-nord"].Against));
    }

    [Fact]
    public void FourPeople_AreNeverAFigure_EvenIfASettingSaysThree_AndFiveAre()
    {
        var decisions = SmallGroups.Decide([CutOf("four", 1, 4), CutOf("five", 100, 5)], threshold: 3).ToDictionary(d => d.Cut.Key);

        Assert.Equal(Suppression.TooFew, decisions["four"].Reason);
        Assert.True(decisions["five"].Shown);
        Assert.Equal(5, SmallGroups.Threshold(3));
        Assert.Equal(8, SmallGroups.Threshold(8));
    }

    [Fact]
    public void TheSamePeopleTwice_MayBeShownTwice_AndGroupsFarApartToo()
    {
        var decisions = SmallGroups.Decide([CutOf("unit", 1, 9), CutOf("its only team", 1, 9), CutOf("elsewhere", 100, 20)], 5).ToDictionary(d => d.Cut.Key);

        Assert.All(decisions.Values, d => Assert.True(d.Shown, d.Cut.Key));
        Assert.Equal(0, SmallGroups.Differs(new HashSet<int> { 1, 2 }, new HashSet<int> { 2, 1 }));
        Assert.Equal(3, SmallGroups.Differs(new HashSet<int> { 1, 2, 3 }, new HashSet<int> { 2, 3, 4, 5 }));
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
        from units in Gen.Int[1, 25]
        from parents in Gen.Int[0, 1000].Array[units]
        from jobGroups in Gen.Int[0, 5]
        from people in Gen.Int[0, 60].Array[units]
        from seed in Gen.Int
        from threshold in Gen.Int[0, 2].Select(i => new[] { 3, 5, 7 }[i])
        select new Organisation(parents, jobGroups, people, seed, threshold);

    /// <summary>
    /// Random unit trees (each unit under an earlier one), 0–5 job groups, 0–60 people per unit, a
    /// random answer for most of them: every cut the HR report and the leaders' pages can show (each unit
    /// with its sub-units, each job group; a leader's page shows a unit's) goes through the rule together,
    /// in the report's own code.
    /// </summary>
    [Fact]
    public void OnRandomOrganisations_NoFigureIsForFewerThanTheThreshold_NoTwoShownCutsDifferBy1ToThresholdMinus1_AndFiguresAreDirectCounts()
    {
        Organisations.Sample(organisation =>
        {
            var random = new Random(organisation.Seed);
            var parentOf = new Dictionary<int, int?>();
            for (var unit = 0; unit < organisation.PeoplePerUnit.Length; unit++)
            {
                parentOf[unit] = unit == 0 ? null : organisation.ParentIndex[unit] % unit;
            }

            var members = new List<OrganisationCuts.Member>();
            var answers = new Dictionary<int, int>();
            for (var unit = 0; unit < organisation.PeoplePerUnit.Length; unit++)
            {
                for (var person = 0; person < organisation.PeoplePerUnit[unit]; person++)
                {
                    var id = members.Count;
                    var group = organisation.JobGroups == 0 || random.Next(4) == 0 ? (int?)null : random.Next(organisation.JobGroups);
                    members.Add(new OrganisationCuts.Member(id, unit, group));
                    if (random.Next(10) > 0)
                    {
                        answers[id] = random.Next(4);
                    }
                }
            }

            var report = RoundReport.Build(organisation.Threshold, parentOf, [.. members.Select(m => new RoundReport.Counted(
                m.PersonId, m.UnitId, m.JobGroupId, answers.TryGetValue(m.PersonId, out var answer) ? [new Figure("q", answer.ToString(CultureInfo.InvariantCulture))] : []))]);
            var decisions = report.Decisions;
            var cuts = decisions.Select(d => d.Cut).ToList();
            var threshold = Math.Max(organisation.Threshold, 5);
            Assert.Equal(parentOf.Count + members.Select(m => m.JobGroupId).OfType<int>().Distinct().Count(), cuts.Count);
            var shown = decisions.Where(d => d.Shown).ToList();

            foreach (var decision in decisions)
            {
                // The size rule, exactly.
                Assert.Equal(decision.Cut.People.Count < threshold, decision.Reason == Suppression.TooFew);
                if (decision.Reason == Suppression.Differencing)
                {
                    // Suppressed for a reason that holds: a shown cut at least as large, within 1 to threshold − 1 people.
                    var against = shown.Single(s => s.Cut.Key == decision.Against).Cut;
                    Assert.InRange(SmallGroups.Differs(decision.Cut.People, against.People), 1, threshold - 1);
                    Assert.True(against.People.Count >= decision.Cut.People.Count);
                }
            }

            // No two shown cuts tell about fewer than the threshold by subtraction.
            for (var i = 0; i < shown.Count; i++)
            {
                for (var j = i + 1; j < shown.Count; j++)
                {
                    var difference = SmallGroups.Differs(shown[i].Cut.People, shown[j].Cut.People);
                    Assert.False(difference is > 0 && difference < threshold, $"{shown[i].Cut.Key} and {shown[j].Cut.Key} differ by {difference}");
                }
            }

            // Each cut holds whom it should: a unit everyone at or below it, a job group its members.
            foreach (var (unit, _) in parentOf)
            {
                var below = members.Where(m => IsAtOrBelow(m.UnitId, unit, parentOf)).Select(m => m.PersonId).ToHashSet();
                Assert.True(below.SetEquals(cuts.Single(c => c.Key == OrganisationCuts.UnitKey(unit)).People));
            }

            // The figures shown are direct counts of the answers in each shown cut; a suppressed cut has none.
            foreach (var decision in decisions)
            {
                var figures = report.For(decision.Cut.Key);
                Assert.Equal(decision.Shown, figures is not null);
                if (figures is null)
                {
                    continue;
                }

                Assert.Equal(decision.Cut.People.Count, figures.People);
                for (var value = 0; value < 4; value++)
                {
                    var direct = members.Count(m => decision.Cut.People.Contains(m.PersonId) && answers.TryGetValue(m.PersonId, out var given) && given == value);
                    Assert.Equal(direct, figures.Count("q", value.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }, iter: 300);
    }

    private static bool IsAtOrBelow(int unit, int ancestor, IReadOnlyDictionary<int, int?> parentOf)
    {
        for (int? current = unit; current is int id; current = parentOf[id])
        {
            if (id == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}
