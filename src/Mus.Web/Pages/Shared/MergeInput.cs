using System.Buffers.Text;
using System.Text.Json;
using Mus.Web.Domain.Editing;

namespace Mus.Web.Pages.Shared;

/// <summary>
/// What a versioned form carries besides its fields so that a save meeting a newer version merges field
/// by field (<see cref="FieldMerge"/>): the fields as the page started from them, and after a clash the
/// fields that clashed and the choice made for each. Posted as <c>Merge.Origin</c>, <c>Merge.Clashed[i]</c>
/// and <c>Merge.Choice[field]</c>; shown by <c>_MergeClashes</c>.
/// </summary>
public sealed class MergeInput
{
    /// <summary>The fields the page started from, as JSON in base64url (the two's own text, in their own page).</summary>
    public string? Origin { get; set; }

    public List<string> Clashed { get; set; } = [];

    public Dictionary<string, MergeChoice?> Choice { get; set; } = [];

    /// <summary>The clashes to show now, with both texts (not posted).</summary>
    public IReadOnlyList<FieldMerge.Clash> Clashes { get; private set; } = [];

    public static string Encode(IReadOnlyDictionary<string, string?> fields) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(fields));

    /// <summary>The origin posted; null when missing or not ours (every differing field is then a clash).</summary>
    public IReadOnlyDictionary<string, string?>? OriginFields()
    {
        if (string.IsNullOrEmpty(Origin) || Origin.Length > 1_000_000)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(Base64Url.DecodeFromChars(Origin));
        }
        catch (Exception invalid) when (invalid is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Starts a page on <paramref name="fields"/>, with no clash.</summary>
    public void StartFrom(IReadOnlyDictionary<string, string?> fields)
    {
        Origin = Encode(fields);
        Clashed = [];
        Choice = [];
        Clashes = [];
    }

    /// <summary>
    /// Applies the choices made for the fields that clashed last time to what was posted: "theirs" takes
    /// the value the page now starts from (theirs at that clash). The fields still undecided are returned.
    /// </summary>
    public IReadOnlyList<string> Decide(Dictionary<string, string?> mine)
    {
        var origin = OriginFields() ?? new Dictionary<string, string?>();
        var undecided = new List<string>();
        foreach (var field in Clashed.Distinct(StringComparer.Ordinal))
        {
            switch (Choice.GetValueOrDefault(field))
            {
                case MergeChoice.Theirs:
                    mine[field] = origin.GetValueOrDefault(field);
                    break;
                case MergeChoice.Mine:
                    break;
                default:
                    undecided.Add(field);
                    break;
            }
        }

        return undecided;
    }

    /// <summary>After a clash: the page now starts from what is stored, and shows each clash for a choice.</summary>
    public void ShowClashes(IReadOnlyDictionary<string, string?> theirs, IReadOnlyList<FieldMerge.Clash> clashes)
    {
        Origin = Encode(theirs);
        Clashed = [.. clashes.Select(c => c.Field)];
        Choice = [];
        Clashes = clashes;
    }

    /// <summary>A previous clash not fully decided: every clashed field shown again, the choices made kept.</summary>
    public void ShowClashedAgain(IReadOnlyDictionary<string, string?> mine)
    {
        var origin = OriginFields() ?? new Dictionary<string, string?>();
        Clashes = [.. Clashed.Distinct(StringComparer.Ordinal).Select(field => new FieldMerge.Clash(field, mine.GetValueOrDefault(field), origin.GetValueOrDefault(field)))];
    }
}

/// <summary>The clash panel's model: the merge state, and the label of each field as the form names it.</summary>
public sealed record MergeView(MergeInput Merge, Func<string, string> LabelOf);
