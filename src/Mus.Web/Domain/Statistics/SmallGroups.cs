namespace Mus.Web.Domain.Statistics;

/// <summary>
/// A group a figure may be about: a unit with everything below it, or a job group. <see cref="People"/>
/// are the people the figure would count (as of the round, not as of today).
/// </summary>
public sealed record Cut(string Key, IReadOnlySet<int> People);

public enum Suppression
{
    /// <summary>Shown.</summary>
    None,

    /// <summary>Fewer people than the smallest group a figure may be about.</summary>
    TooFew,

    /// <summary>Shown beside <see cref="CutDecision.Against"/>, the two would tell about the few people who are in one and not the other.</summary>
    Differencing,
}

public sealed record CutDecision(Cut Cut, Suppression Reason, string? Against)
{
    public bool Shown => Reason == Suppression.None;
}

/// <summary>
/// The rule of five, in one place: a figure is shown only for at least <see cref="Minimum"/> people
/// (a setting may raise it, never lower it), and never beside another shown figure whose group differs
/// from it by 1 to minimum − 1 people — a unit of 12 and the same unit without a sub-unit of 11 would
/// tell, by subtraction, what the one person said. Of two such cuts the smaller is suppressed (the
/// larger is kept: it says less about anyone). Nothing else in MUS decides whether a figure is shown.
/// </summary>
public static class SmallGroups
{
    public const int Minimum = 5;

    /// <summary>The smallest group actually used: the setting, but never below <see cref="Minimum"/>.</summary>
    public static int Threshold(int? setting) => Math.Max(setting ?? Minimum, Minimum);

    /// <summary>
    /// Decides every cut at once. Larger cuts are decided first and each cut is compared with every cut
    /// already shown, so no two shown cuts differ by 1 to threshold − 1 people; cuts of equal size go in
    /// key order, so the answer is the same every time. Two cuts of the same people differ by nobody and
    /// may both be shown.
    /// </summary>
    public static IReadOnlyList<CutDecision> Decide(IEnumerable<Cut> cuts, int threshold)
    {
        threshold = Threshold(threshold);
        var decisions = new List<CutDecision>();
        // Shown cuts by size: larger cuts are decided first, so a cut can only be within threshold − 1
        // people of a shown one whose size is its own or up to threshold − 1 more.
        var shownBySize = new Dictionary<int, List<Cut>>();
        foreach (var cut in cuts.OrderByDescending(c => c.People.Count).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            var size = cut.People.Count;
            if (size < threshold)
            {
                decisions.Add(new CutDecision(cut, Suppression.TooFew, null));
                continue;
            }

            var against = Enumerable.Range(size, threshold)
                .SelectMany(near => shownBySize.GetValueOrDefault(near) ?? [])
                .FirstOrDefault(shown => Differs(cut.People, shown.People) is > 0 and var difference && difference < threshold);
            if (against is not null)
            {
                decisions.Add(new CutDecision(cut, Suppression.Differencing, against.Key));
                continue;
            }

            decisions.Add(new CutDecision(cut, Suppression.None, null));
            if (!shownBySize.TryGetValue(size, out var sameSize))
            {
                shownBySize[size] = sameSize = [];
            }

            sameSize.Add(cut);
        }

        return decisions;
    }

    /// <summary>A comparison with another year is shown only when both years' groups meet the rule.</summary>
    public static bool MayCompare(int thisYear, int otherYear, int threshold) =>
        thisYear >= Threshold(threshold) && otherYear >= Threshold(threshold);

    /// <summary>How many people are in one of the two groups and not the other.</summary>
    public static int Differs(IReadOnlySet<int> one, IReadOnlySet<int> other)
    {
        var (small, large) = one.Count <= other.Count ? (one, other) : (other, one);
        var shared = small.Count(large.Contains);
        return one.Count + other.Count - (2 * shared);
    }
}
