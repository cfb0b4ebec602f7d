using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mus.Web.Domain.Conversations;

/// <summary>Praise, something to improve, praise again: feedback given in one direction.</summary>
public sealed record Feedback(string? Praise = null, string? Improve = null, string? PraiseAgain = null)
{
    public bool IsEmpty => Praise is null && Improve is null && PraiseAgain is null;
}

/// <summary>
/// What the two write together during the conversation, kept in the shared-notes compartment:
/// the agreed agenda (themes in the order they chose to take them), notes per theme, answers to
/// the template's conversation questions, feedback both ways and an optional summary with its writer.
/// </summary>
public sealed record SharedNotes
{
    public const int MaxTextLength = 8000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public IReadOnlyList<string> Agenda { get; init; } = [];

    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Answers { get; init; } = new Dictionary<string, string>();

    public Feedback ToEmployee { get; init; } = new();

    public Feedback ToLeader { get; init; } = new();

    public string? Summary { get; init; }

    /// <summary>The person who wrote the summary: one of the two parties.</summary>
    public int? SummaryWriterId { get; init; }

    public static SharedNotes Read(string? json) =>
        string.IsNullOrWhiteSpace(json) || json == "{}" ? new SharedNotes() : JsonSerializer.Deserialize<SharedNotes>(json, Json) ?? new SharedNotes();

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Every field the two write, by a name of its own: what a save merges field by field. The summary's
    /// writer is not a field of its own: it goes with the summary's text.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Fields()
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["agenda"] = Agenda.Count == 0 ? null : string.Join('\n', Agenda),
            ["summary"] = Summary,
        };
        foreach (var (key, note) in Notes)
        {
            fields["note:" + key] = note;
        }

        foreach (var (key, answer) in Answers)
        {
            fields["answer:" + key] = answer;
        }

        foreach (var (direction, feedback) in new[] { ("to-employee", ToEmployee), ("to-leader", ToLeader) })
        {
            fields[direction + ":praise"] = feedback.Praise;
            fields[direction + ":improve"] = feedback.Improve;
            fields[direction + ":praise-again"] = feedback.PraiseAgain;
        }

        return fields;
    }

    /// <summary>The notes that <see cref="Fields"/> named (a merge's result), the summary written by <paramref name="summaryWriterId"/>.</summary>
    public static SharedNotes FromFields(IReadOnlyDictionary<string, string?> fields, int? summaryWriterId)
    {
        string? Value(string name) => fields.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;
        Dictionary<string, string> Prefixed(string prefix) => fields
            .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && !string.IsNullOrEmpty(f.Value))
            .ToDictionary(f => f.Key[prefix.Length..], f => f.Value!, StringComparer.Ordinal);
        Feedback FeedbackOf(string direction) => new(Value(direction + ":praise"), Value(direction + ":improve"), Value(direction + ":praise-again"));
        return new SharedNotes
        {
            Agenda = Value("agenda")?.Split('\n') ?? [],
            Notes = Prefixed("note:"),
            Answers = Prefixed("answer:"),
            ToEmployee = FeedbackOf("to-employee"),
            ToLeader = FeedbackOf("to-leader"),
            Summary = Value("summary"),
            SummaryWriterId = Value("summary") is null ? null : summaryWriterId,
        };
    }
}
