using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mus.Web.Domain.Plans;

/// <summary>One follow-up talk ("mini-MUS") on an approved plan: when, what was said, and each action's status after it.</summary>
public sealed record FollowUp(DateOnly Date, string Notes, int RecordedBy, DateTimeOffset RecordedAt, IReadOnlyDictionary<string, ActionStatus> Statuses);

/// <summary>The follow-ups of one plan, kept in their own compartment, oldest first. Entries are only ever added.</summary>
public sealed record FollowUpLog(IReadOnlyList<FollowUp> Entries)
{
    public const int MaxNotesLength = 8000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static FollowUpLog Read(string? json) =>
        string.IsNullOrWhiteSpace(json) || json == "{}" ? new FollowUpLog([]) : JsonSerializer.Deserialize<FollowUpLog>(json, Json) ?? new FollowUpLog([]);

    public string Write() => JsonSerializer.Serialize(this, Json);

    public FollowUpLog Add(FollowUp entry) => new([.. Entries, entry]);

    /// <summary>An action's status now: from the latest follow-up that set it, else as the plan has it.</summary>
    public ActionStatus StatusOf(PlanAction action) =>
        Entries.OrderBy(e => e.Date).ThenBy(e => e.RecordedAt).LastOrDefault(e => e.Statuses.ContainsKey(action.Key))?.Statuses[action.Key] ?? action.Status;

    public static bool IsOpen(ActionStatus status) => status is ActionStatus.Planned or ActionStatus.InProgress;
}
