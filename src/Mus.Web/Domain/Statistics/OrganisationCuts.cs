namespace Mus.Web.Domain.Statistics;

/// <summary>
/// The cuts a report may offer: each unit with all its sub-units, and each job group across the
/// organisation. Built from the people counted (as of the round), not from the organisation of today.
/// </summary>
public static class OrganisationCuts
{
    public sealed record Member(int PersonId, int UnitId, int? JobGroupId);

    public static string UnitKey(int unitId) => "unit:" + unitId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public const string JobGroupPrefix = "job-group:";

    public static string JobGroupKey(int jobGroupId) => JobGroupPrefix + jobGroupId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static int JobGroupId(string key) => int.Parse(key.AsSpan(JobGroupPrefix.Length), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How many units are above this one.</summary>
    public static int Depth(IReadOnlyDictionary<int, int?> parentOf, int unit) => Ancestry(parentOf, unit).Count - 1;

    /// <param name="parentOf">Each unit's parent (null at the top).</param>
    public static IReadOnlyList<Cut> Build(IReadOnlyDictionary<int, int?> parentOf, IEnumerable<Member> members)
    {
        var people = new Dictionary<int, HashSet<int>>();
        var jobGroups = new Dictionary<int, HashSet<int>>();
        foreach (var member in members)
        {
            // A person counts in their unit and in every unit above it.
            var seen = new HashSet<int>();
            for (int? unit = member.UnitId; unit is int id && seen.Add(id); unit = parentOf.GetValueOrDefault(id))
            {
                Add(people, id, member.PersonId);
            }

            if (member.JobGroupId is int group)
            {
                Add(jobGroups, group, member.PersonId);
            }
        }

        return parentOf.Keys.Select(unit => new Cut(UnitKey(unit), people.GetValueOrDefault(unit) ?? []))
            .Concat(jobGroups.Select(group => new Cut(JobGroupKey(group.Key), group.Value)))
            .ToList();
    }

    /// <summary>The smallest unit that has all of <paramref name="units"/> at or below it; null when they share none (or there are none).</summary>
    public static int? SmallestHolding(IReadOnlyDictionary<int, int?> parentOf, IEnumerable<int> units)
    {
        IEnumerable<int>? shared = null;
        foreach (var unit in units.Distinct())
        {
            var ancestry = Ancestry(parentOf, unit);
            shared = shared is null ? ancestry : shared.Where(ancestry.Contains).ToList();
        }

        // Ancestries run from the unit up, so the first shared one is the lowest.
        return shared?.Cast<int?>().FirstOrDefault();
    }

    /// <summary>The unit, its parent, and so on to the top (a loop in bad data stops where it repeats).</summary>
    public static List<int> Ancestry(IReadOnlyDictionary<int, int?> parentOf, int unit)
    {
        var ancestry = new List<int>();
        for (int? current = unit; current is int id && parentOf.ContainsKey(id) && !ancestry.Contains(id); current = parentOf[id])
        {
            ancestry.Add(id);
        }

        return ancestry;
    }

    private static void Add(Dictionary<int, HashSet<int>> sets, int key, int personId)
    {
        if (!sets.TryGetValue(key, out var set))
        {
            sets[key] = set = [];
        }

        set.Add(personId);
    }
}
