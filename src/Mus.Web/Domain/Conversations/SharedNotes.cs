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
}
