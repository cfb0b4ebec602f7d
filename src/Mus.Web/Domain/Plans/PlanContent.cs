using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mus.Web.Domain.Plans;

public enum ActionStatus
{
    Planned,
    InProgress,
    Done,
    Dropped,
}

/// <summary>
/// One concrete step towards a goal. <see cref="Key"/> stays the same across plan versions, so
/// follow-ups can record the status of "this action" while the wording is amended.
/// <see cref="GoesFurther"/> is the exact text the pair agreed to pass on (for example a course
/// request to HR); null when the action stays between them.
/// </summary>
public sealed record PlanAction(
    string Key,
    string What,
    string? Why,
    string? How,
    string? Who,
    DateOnly? ByWhen,
    DateOnly? FollowUpOn,
    ActionStatus Status,
    string? GoesFurther);

public sealed record PlanGoal(string Key, string Title, IReadOnlyList<PlanAction> Actions);

/// <summary>The wording of a plan: what both parties read and approve.</summary>
public sealed record PlanContent(IReadOnlyList<PlanGoal> Goals)
{
    public const int MaxGoals = 3;
    public const int MaxActionsPerGoal = 8;
    public const int MaxTitleLength = 300;
    public const int MaxTextLength = 1000;

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static PlanContent Empty { get; } = new([]);

    public IEnumerable<PlanAction> Actions => Goals.SelectMany(g => g.Actions);

    /// <summary>
    /// The fingerprint an approval is given to: SHA-256 over the content in one fixed JSON form.
    /// Any change to any word, date or status gives another hash, which is what clears approvals.
    /// </summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Canonical))));

    /// <summary>The resource key of each rule the content breaks; empty when it may be saved.</summary>
    public IEnumerable<string> Problems()
    {
        if (Goals.Count > MaxGoals)
        {
            yield return "Plan.Error.TooManyGoals";
        }

        foreach (var goal in Goals)
        {
            if (string.IsNullOrWhiteSpace(goal.Title))
            {
                yield return "Plan.Error.GoalTitle";
            }

            if (goal.Title.Length > MaxTitleLength || goal.Actions.Any(a => TooLong(a)))
            {
                yield return "Plan.Error.TooLong";
            }

            if (goal.Actions.Count > MaxActionsPerGoal)
            {
                yield return "Plan.Error.TooManyActions";
            }

            if (goal.Actions.Any(a => string.IsNullOrWhiteSpace(a.What)))
            {
                yield return "Plan.Error.ActionWhat";
            }

            if (goal.Actions.Any(a => a.ByWhen is { } by && a.FollowUpOn is { } follow && follow > by.AddYears(1)))
            {
                yield return "Plan.Error.FollowUpLate";
            }
        }
    }

    private static bool TooLong(PlanAction action) =>
        action.What.Length > MaxTitleLength
        || new[] { action.Why, action.How, action.Who, action.GoesFurther }.Any(t => t?.Length > MaxTextLength);
}
