using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
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
    /// <summary>
    /// The fields the page started from, protected by the server for this form alone (see
    /// <see cref="MergeOrigins"/>): a choice of "theirs" takes its text from here, so a posted origin
    /// must be one the server made from what was stored, never a value a client wrote.
    /// </summary>
    public string? Origin { get; set; }

    private MergeOrigins? origins;
    private string scope = "";

    /// <summary>Names the form (and its record) the origin belongs to; every handler calls this first.</summary>
    public MergeInput Within(MergeOrigins protector, string formScope)
    {
        origins = protector;
        scope = formScope;
        return this;
    }

    private MergeOrigins Origins => origins ?? throw new InvalidOperationException("MergeInput.Within names the form before the origin is used.");

    public List<string> Clashed { get; set; } = [];

    public Dictionary<string, MergeChoice?> Choice { get; set; } = [];

    /// <summary>The clashes to show now, with both texts (not posted).</summary>
    public IReadOnlyList<FieldMerge.Clash> Clashes { get; private set; } = [];

    /// <summary>The origin posted; null when missing, altered or made for another form (every differing field is then a clash).</summary>
    public IReadOnlyDictionary<string, string?>? OriginFields() => Origins.Unprotect(scope, Origin);

    /// <summary>After a save: the page now starts from what was saved (the autosave hands this to the page's script).</summary>
    public string Saved(IReadOnlyDictionary<string, string?> fields) => Origin = Origins.Protect(scope, fields);

    /// <summary>Starts a page on <paramref name="fields"/>, with no clash.</summary>
    public void StartFrom(IReadOnlyDictionary<string, string?> fields)
    {
        Origin = Origins.Protect(scope, fields);
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
        var origin = OriginFields();
        if (origin is null)
        {
            // No origin the server made (missing, altered, another form's): no choice can be taken from it.
            return [.. Clashed.Distinct(StringComparer.Ordinal)];
        }

        var undecided = new List<string>();
        foreach (var field in Clashed.Distinct(StringComparer.Ordinal))
        {
            switch (Choice.GetValueOrDefault(field))
            {
                case MergeChoice.Theirs:
                    // A field's choice covers its sub-fields ("goal:g" covers "goal:g:title" and the rest).
                    foreach (var name in mine.Keys.Concat(origin.Keys).Where(k => k == field || k.StartsWith(field + ":", StringComparison.Ordinal)).Distinct().ToList())
                    {
                        mine[name] = origin.GetValueOrDefault(name);
                    }

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
        Origin = Origins.Protect(scope, theirs);
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

/// <summary>
/// Protects a form's origin for that form and record alone (Data Protection, purpose
/// "mus/merge-origin" and the form's scope): a client can post back an origin the server made, but not
/// write one, nor carry one from another form or conversation.
/// </summary>
public sealed class MergeOrigins(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("mus/merge-origin");

    public string Protect(string scope, IReadOnlyDictionary<string, string?> fields) =>
        Base64Url.EncodeToString(protector.CreateProtector(scope).Protect(JsonSerializer.SerializeToUtf8Bytes(fields)));

    public IReadOnlyDictionary<string, string?>? Unprotect(string scope, string? origin)
    {
        if (string.IsNullOrEmpty(origin) || origin.Length > 2_000_000)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(protector.CreateProtector(scope).Unprotect(Base64Url.DecodeFromChars(origin)));
        }
        catch (Exception invalid) when (invalid is FormatException or JsonException or CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>The clash panel's model: the merge state, and the label of each field as the form names it.</summary>
public sealed record MergeView(MergeInput Merge, Func<string, string> LabelOf);
