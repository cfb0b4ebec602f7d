using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mus.Web.Domain.Plans;

public enum ForwardedStatus
{
    Received,
    InProgress,
    Granted,
    Declined,
}

/// <summary>An item the pair agreed to pass on, as worded in the plan version both approved, with HR's status on it.</summary>
public sealed record ForwardedItem(string ActionKey, int PlanNumber, string Text, DateTimeOffset ApprovedAt, ForwardedStatus Status, DateTimeOffset? StatusChangedAt);

/// <summary>
/// The "goes further" items of one conversation, kept in their own compartment: copied there the
/// moment both parties have approved a plan version, and the only content HR can read.
/// </summary>
public sealed record ForwardedItems(IReadOnlyList<ForwardedItem> Items)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static ForwardedItems Read(string? json) =>
        string.IsNullOrWhiteSpace(json) || json == "{}" ? new ForwardedItems([]) : JsonSerializer.Deserialize<ForwardedItems>(json, Json) ?? new ForwardedItems([]);

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Adds the goes-further items of a plan both have approved. An item already passed on with the
    /// same wording keeps its status; a reworded one arrives as a new item, since HR acts on exact words.
    /// </summary>
    public ForwardedItems WithApproved(Plan plan)
    {
        if (!plan.IsLocked)
        {
            throw new DomainException("Plan.Error.NotLocked");
        }

        var approvedAt = new[] { plan.EmployeeApproval!.At, plan.LeaderApproval!.At }.Max();
        var added = plan.Content.Actions
            .Where(a => a.GoesFurther is not null && !Items.Any(i => i.ActionKey == a.Key && i.Text == a.GoesFurther))
            .Select(a => new ForwardedItem(a.Key, plan.Number, a.GoesFurther!, approvedAt, ForwardedStatus.Received, null));
        return new ForwardedItems([.. Items, .. added]);
    }

    public ForwardedItems WithStatus(string actionKey, int planNumber, ForwardedStatus status, DateTimeOffset now) => new(
        [.. Items.Select(i => i.ActionKey == actionKey && i.PlanNumber == planNumber ? i with { Status = status, StatusChangedAt = now } : i)]);
}
