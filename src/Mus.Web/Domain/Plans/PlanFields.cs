using System.Globalization;

namespace Mus.Web.Domain.Plans;

/// <summary>
/// A plan's wording as fields for a merge (<see cref="Editing.FieldMerge"/>), named by the goals' and
/// actions' keys, so that a goal or an action added on one side is kept, one removed on one side is
/// removed, and each text, choice and date is merged on its own. A goal or an action exists where its
/// own field ("goal:{key}", "action:{goal}:{key}") is "1".
/// </summary>
public static class PlanFields
{
    private static readonly string[] ActionParts = ["what", "why", "how", "who", "by-when", "follow-up-on", "status", "goes-further"];

    public static IReadOnlyDictionary<string, string?> Fields(this PlanContent content)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var goal in content.Goals)
        {
            fields[$"goal:{goal.Key}"] = "1";
            fields[$"goal:{goal.Key}:title"] = goal.Title;
            foreach (var action in goal.Actions)
            {
                var prefix = $"action:{goal.Key}:{action.Key}";
                fields[prefix] = "1";
                fields[prefix + ":what"] = action.What;
                fields[prefix + ":why"] = action.Why;
                fields[prefix + ":how"] = action.How;
                fields[prefix + ":who"] = action.Who;
                fields[prefix + ":by-when"] = action.ByWhen?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                fields[prefix + ":follow-up-on"] = action.FollowUpOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                fields[prefix + ":status"] = action.Status.ToString();
                fields[prefix + ":goes-further"] = action.GoesFurther;
            }
        }

        return fields;
    }

    /// <summary>
    /// The wording the fields name: goals and actions in the order they have in <paramref name="order"/>
    /// (the stored plan first, then the form), the rest after them.
    /// </summary>
    public static PlanContent ToContent(IReadOnlyDictionary<string, string?> fields, params PlanContent[] order)
    {
        string? Value(string name) => fields.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;
        var goalKeys = order.SelectMany(c => c.Goals.Select(g => g.Key)).Distinct().Where(key => Value($"goal:{key}") is not null).ToList();
        var goals = goalKeys.Select(goalKey =>
        {
            var actionKeys = order.SelectMany(c => c.Goals.Where(g => g.Key == goalKey).SelectMany(g => g.Actions.Select(a => a.Key))).Distinct()
                .Where(key => Value($"action:{goalKey}:{key}") is not null);
            var actions = actionKeys.Select(actionKey =>
            {
                var prefix = $"action:{goalKey}:{actionKey}:";
                return new PlanAction(
                    actionKey,
                    Value(prefix + "what") ?? "",
                    Value(prefix + "why"),
                    Value(prefix + "how"),
                    Value(prefix + "who"),
                    DateOnly.TryParseExact(Value(prefix + "by-when"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var byWhen) ? byWhen : null,
                    DateOnly.TryParseExact(Value(prefix + "follow-up-on"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var followUp) ? followUp : null,
                    Enum.TryParse<ActionStatus>(Value(prefix + "status"), out var status) ? status : ActionStatus.Planned,
                    Value(prefix + "goes-further"));
            }).ToList();
            return new PlanGoal(goalKey, Value($"goal:{goalKey}:title") ?? "", actions);
        }).ToList();
        return new PlanContent(goals);
    }

    /// <summary>The part of an action a field names ("what", "by-when"...), or null for a goal's or an existence field.</summary>
    public static (string? GoalKey, string? ActionKey, string Part) Describe(string field)
    {
        var parts = field.Split(':');
        return parts switch
        {
            ["goal", var goal] => (goal, null, "goal"),
            ["goal", var goal, var part] => (goal, null, part),
            ["action", var goal, var action] => (goal, action, "action"),
            ["action", var goal, var action, var part] when ActionParts.Contains(part) => (goal, action, part),
            _ => (null, null, field),
        };
    }
}
