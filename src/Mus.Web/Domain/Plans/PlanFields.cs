using System.Globalization;

namespace Mus.Web.Domain.Plans;

/// <summary>
/// A plan's wording as fields for a merge (<see cref="Editing.FieldMerge"/>), named by the goals' and
/// actions' keys, so that a goal or an action added on one side is kept, one removed on one side is
/// removed, and each text, choice and date is merged on its own. A goal or an action exists where its
/// own field ("goal:{key}", "goal:{goal}:action:{key}") is "1"; every field of a goal starts with the
/// goal's own name, so a choice made for the goal covers all of it.
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
                var prefix = $"goal:{goal.Key}:action:{action.Key}";
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
                .Where(key => Value($"goal:{goalKey}:action:{key}") is not null);
            var actions = actionKeys.Select(actionKey =>
            {
                var prefix = $"goal:{goalKey}:action:{actionKey}:";
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

    /// <summary>The goal and action a field belongs to, and which part of them it is ("goal", "title", "action", "what", "by-when"...).</summary>
    public static (string? GoalKey, string? ActionKey, string Part) Describe(string field) => field.Split(':') switch
    {
        ["goal", var goal] => (goal, null, "goal"),
        ["goal", var goal, var part] => (goal, null, part),
        ["goal", var goal, "action", var action] => (goal, action, "action"),
        ["goal", var goal, "action", var action, var part] when ActionParts.Contains(part) => (goal, action, part),
        _ => (null, null, field),
    };

    /// <summary>
    /// A goal or an action removed on one side and changed on the other is one clash of the whole goal or
    /// action (keep it, as this side has it, or remove it), not clashes of its texts: a choice of one
    /// text alone would keep a text without its goal, or lose it with the goal.
    /// </summary>
    public static Editing.FieldMerge.Result WithRemovals(Editing.FieldMerge.Result merged, IReadOnlyDictionary<string, string?> mine, IReadOnlyDictionary<string, string?> theirs)
    {
        static bool Exists(IReadOnlyDictionary<string, string?> fields, string container) => fields.GetValueOrDefault(container) is { Length: > 0 };
        static string? TextOf(IReadOnlyDictionary<string, string?> fields, string container) =>
            Exists(fields, container) ? fields.GetValueOrDefault(container + ":title") ?? fields.GetValueOrDefault(container + ":what") ?? "" : null;

        var fields = merged.Merged.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var clashes = new List<Editing.FieldMerge.Clash>();
        var whole = new Dictionary<string, Editing.FieldMerge.Clash>(StringComparer.Ordinal);
        foreach (var clash in merged.Clashes)
        {
            var (goal, action, _) = Describe(clash.Field);
            var containers = new[] { goal is null ? null : $"goal:{goal}", action is null ? null : $"goal:{goal}:action:{action}" }.OfType<string>();
            var removed = containers.FirstOrDefault(c => c != clash.Field && !Exists(fields, c) && (Exists(mine, c) || Exists(theirs, c)));
            if (removed is null)
            {
                clashes.Add(clash);
                continue;
            }

            if (whole.TryAdd(removed, new Editing.FieldMerge.Clash(removed, TextOf(mine, removed), TextOf(theirs, removed))))
            {
                // The form shows this side's version of it, to keep or not.
                foreach (var name in fields.Keys.Concat(mine.Keys).Where(k => k == removed || k.StartsWith(removed + ":", StringComparison.Ordinal)).Distinct().ToList())
                {
                    fields[name] = mine.GetValueOrDefault(name);
                }
            }
        }

        return new Editing.FieldMerge.Result(fields, [.. clashes, .. whole.Values]);
    }
}
