namespace Mus.Web.Domain.Editing;

/// <summary>Which side a person chose for a field both changed.</summary>
public enum MergeChoice
{
    Mine,
    Theirs,
}

/// <summary>
/// A three-way merge of a form's fields, for a save that meets a version someone else saved since the
/// page was loaded. Each field is compared with what the page started from (the origin): one changed
/// only by the other side keeps their value, one changed only here takes this value, one changed by
/// both to different values is a clash that a person must decide. Nothing is ever overwritten silently.
/// </summary>
public static class FieldMerge
{
    public sealed record Clash(string Field, string? Mine, string? Theirs);

    /// <param name="Merged">Every field's value after the merge (a clash's field holds this side's value until decided).</param>
    public sealed record Result(IReadOnlyDictionary<string, string?> Merged, IReadOnlyList<Clash> Clashes)
    {
        public bool Clean => Clashes.Count == 0;
    }

    /// <param name="origin">What the page started from; null when unknown (a field that differs is then a clash).</param>
    public static Result Merge(IReadOnlyDictionary<string, string?>? origin, IReadOnlyDictionary<string, string?> mine, IReadOnlyDictionary<string, string?> theirs)
    {
        var merged = new Dictionary<string, string?>(StringComparer.Ordinal);
        var clashes = new List<Clash>();
        foreach (var field in mine.Keys.Union(theirs.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var mineValue = mine.GetValueOrDefault(field);
            var theirValue = theirs.GetValueOrDefault(field);
            if (Same(mineValue, theirValue))
            {
                merged[field] = mineValue;
            }
            else if (origin is not null && Same(mineValue, origin.GetValueOrDefault(field)))
            {
                merged[field] = theirValue;
            }
            else if (origin is not null && Same(theirValue, origin.GetValueOrDefault(field)))
            {
                merged[field] = mineValue;
            }
            else
            {
                merged[field] = mineValue;
                clashes.Add(new Clash(field, mineValue, theirValue));
            }
        }

        return new Result(merged, clashes);
    }

    /// <summary>An empty field and a missing one are the same.</summary>
    private static bool Same(string? a, string? b) => string.Equals(string.IsNullOrEmpty(a) ? null : a, string.IsNullOrEmpty(b) ? null : b, StringComparison.Ordinal);
}
