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

    /// <summary>
    /// Shown with the other groups, it would let a few people's answers be worked out by adding and
    /// subtracting figures (<see cref="CutDecision.Against"/> names the group it was hidden for, when there is one).
    /// </summary>
    Differencing,
}

public sealed record CutDecision(Cut Cut, Suppression Reason, string? Against)
{
    public bool Shown => Reason == Suppression.None;
}

/// <summary>
/// The rule of five, in one place. A figure is shown only for at least <see cref="Minimum"/> people (a
/// setting may raise it, never lower it), and the groups shown together must not let anyone work out
/// what fewer than that many people answered, by any sum or difference of figures — not only by
/// comparing two groups. Units form a tree: a shown unit minus its shown sub-units must leave nobody
/// or at least the minimum (else its smallest shown sub-unit is hidden too, as statistical offices
/// suppress a second cell). Job groups cut across the tree; each is shown only when no small set of
/// people can be isolated from it and the shown units together (<see cref="Isolates"/>). Nothing else in MUS
/// decides whether a figure is shown. ADR 13 says why.
/// </summary>
public static class SmallGroups
{
    public const int Minimum = 5;

    /// <summary>The smallest group actually used: the setting, but never below <see cref="Minimum"/>.</summary>
    public static int Threshold(int? setting) => Math.Max(setting ?? Minimum, Minimum);

    /// <summary>
    /// Decides every unit and job group for one set of people (those who answered one question, or everyone
    /// counted), the same way every time: units deepest first, then job groups largest first.
    /// </summary>
    /// <param name="parentOf">Each unit's parent (null at the top).</param>
    public static IReadOnlyList<CutDecision> Decide(IReadOnlyDictionary<int, int?> parentOf, IReadOnlyCollection<OrganisationCuts.Member> members, int threshold)
    {
        threshold = Threshold(threshold);
        members = [.. members.Where(m => parentOf.ContainsKey(m.UnitId))];
        var cuts = OrganisationCuts.Build(parentOf, members).ToDictionary(c => c.Key, StringComparer.Ordinal);
        var reasons = cuts.Values.ToDictionary(c => c.Key, c => (Reason: c.People.Count < threshold ? Suppression.TooFew : Suppression.None, Against: (string?)null), StringComparer.Ordinal);
        bool Shown(string key) => reasons[key].Reason == Suppression.None;

        // Units: deepest first, so that when a unit is decided, everything below it is.
        var depth = parentOf.Keys.ToDictionary(u => u, u => OrganisationCuts.Depth(parentOf, u));
        var childrenOf = parentOf.Where(p => p.Value is int parent && parentOf.ContainsKey(parent)).ToLookup(p => p.Value!.Value, p => p.Key);
        foreach (var unit in parentOf.Keys.OrderByDescending(u => depth[u]).ThenBy(u => u))
        {
            var key = OrganisationCuts.UnitKey(unit);
            if (!Shown(key))
            {
                continue;
            }

            // Its shown sub-units nearest to it; the people left over must be none or at least the minimum.
            var nearest = NearestShown(unit, childrenOf, Shown, [unit]);
            while (cuts[key].People.Count - nearest.Sum(u => cuts[OrganisationCuts.UnitKey(u)].People.Count) is > 0 and var left && left < threshold)
            {
                var hide = nearest.OrderBy(u => cuts[OrganisationCuts.UnitKey(u)].People.Count).ThenBy(u => u).First();
                reasons[OrganisationCuts.UnitKey(hide)] = (Suppression.Differencing, key);
                nearest.Remove(hide);
                nearest.AddRange(NearestShown(hide, childrenOf, Shown, [unit, hide, .. nearest]));
            }
        }

        // Job groups: largest first, each shown only if, with the units and job groups shown so far, it
        // isolates nobody (usually all of them together do not, and one check settles it).
        var shownUnitOf = NearestShownUnit(parentOf, Shown);
        var candidates = cuts.Values.Where(c => c.Key.StartsWith(OrganisationCuts.JobGroupPrefix, StringComparison.Ordinal) && Shown(c.Key))
            .OrderByDescending(c => c.People.Count).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var shownJobGroups = candidates.Select(c => OrganisationCuts.JobGroupId(c.Key)).ToHashSet();
        if (Isolates(members, shownUnitOf, shownJobGroups, threshold))
        {
            shownJobGroups.Clear();
            foreach (var cut in candidates)
            {
                var jobGroup = OrganisationCuts.JobGroupId(cut.Key);
                shownJobGroups.Add(jobGroup);
                if (Isolates(members, shownUnitOf, shownJobGroups, threshold))
                {
                    shownJobGroups.Remove(jobGroup);
                    reasons[cut.Key] = (Suppression.Differencing, null);
                }
            }
        }

        return [.. cuts.Values.Select(c => new CutDecision(c, reasons[c.Key].Reason, reasons[c.Key].Against))];
    }

    /// <param name="seen">Units already walked: a loop in bad data is walked once.</param>
    private static List<int> NearestShown(int unit, ILookup<int, int> childrenOf, Func<string, bool> shown, HashSet<int> seen)
    {
        var nearest = new List<int>();
        foreach (var child in childrenOf[unit].Where(seen.Add))
        {
            if (shown(OrganisationCuts.UnitKey(child)))
            {
                nearest.Add(child);
            }
            else
            {
                nearest.AddRange(NearestShown(child, childrenOf, shown, seen));
            }
        }

        return nearest;
    }

    /// <summary>For each unit, the nearest shown unit at or above it (null when none is).</summary>
    private static Dictionary<int, int?> NearestShownUnit(IReadOnlyDictionary<int, int?> parentOf, Func<string, bool> shown) =>
        parentOf.Keys.ToDictionary(u => u, u => OrganisationCuts.Ancestry(parentOf, u).Cast<int?>().FirstOrDefault(a => shown(OrganisationCuts.UnitKey(a!.Value))));

    /// <summary>
    /// Whether the shown units (each person's nearest shown unit) and the shown job groups together let
    /// something of what 1 to threshold − 1 people answered be worked out by adding and subtracting their
    /// figures: their sum, or a difference such as one person's answer minus another's.
    /// </summary>
    /// <remarks>
    /// Every figure is a sum over the people in a group, so what can be worked out is whatever is a
    /// combination of the shown groups; it tells about few people when it is non-zero for few people only.
    /// The combinations are those of the units' remainders (a unit minus its shown sub-units, disjoint)
    /// and the job groups (disjoint): a table of remainders by job groups with only its margins shown. A
    /// combination gives each cell (remainder r, job group j) the value α(r) + β(j); people outside every
    /// shown unit, or in no shown job group, have α or β fixed at 0. To touch fewer than the minimum, a
    /// combination must be 0 on every cell of the minimum or more: such a cell ties its remainder's α to
    /// its job group's −β, joining them into one block that moves together. Between blocks, a small cell
    /// is non-zero exactly when its two blocks moved apart, so the fewest people any non-zero combination
    /// can touch is the smallest cut that splits the blocks in two: a minimum cut, found by a few augmenting
    /// paths per pair of blocks a small cell joins.
    /// </remarks>
    public static bool Isolates(IEnumerable<OrganisationCuts.Member> members, IReadOnlyDictionary<int, int?> shownUnitOf, IReadOnlySet<int> shownJobGroups, int threshold)
    {
        // Node 0 is "fixed at 0"; remainders and job groups get their own numbers after it.
        var nodes = new Dictionary<(bool IsJobGroup, int Id), int>();
        int Node(bool isJobGroup, int? id) => id is int value ? (nodes.TryGetValue((isJobGroup, value), out var n) ? n : nodes[(isJobGroup, value)] = nodes.Count + 1) : 0;
        var cells = new Dictionary<(int Remainder, int JobGroup), int>();
        foreach (var member in members)
        {
            var remainder = Node(false, shownUnitOf.GetValueOrDefault(member.UnitId));
            var jobGroup = Node(true, member.JobGroupId is int j && shownJobGroups.Contains(j) ? j : null);
            if (remainder != 0 || jobGroup != 0)
            {
                cells[(remainder, jobGroup)] = cells.GetValueOrDefault((remainder, jobGroup)) + 1;
            }
        }

        var blocks = new int[nodes.Count + 1];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = i;
        }

        int Block(int node) => blocks[node] == node ? node : blocks[node] = Block(blocks[node]);
        foreach (var ((remainder, jobGroup), people) in cells.Where(c => c.Value >= threshold))
        {
            blocks[Block(remainder)] = Block(jobGroup);
        }

        // Small cells between blocks, as many people as they hold.
        var crossings = new Dictionary<(int From, int To), int>();
        foreach (var ((remainder, jobGroup), people) in cells.Where(c => c.Value < threshold))
        {
            var (from, to) = (Block(remainder), Block(jobGroup));
            if (from != to)
            {
                crossings[(from, to)] = crossings.GetValueOrDefault((from, to)) + people;
            }
        }

        if (crossings.Count == 0)
        {
            return false;
        }

        var flow = new BoundedFlow(crossings);
        return crossings.Keys.Any(c => flow.MaximumUpTo(c.From, c.To, threshold) < threshold);
    }

    /// <summary>A comparison with another year is shown only when both years' groups meet the rule.</summary>
    public static bool MayCompare(int thisYear, int otherYear, int threshold) =>
        thisYear >= Threshold(threshold) && otherYear >= Threshold(threshold);
}
