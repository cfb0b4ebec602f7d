using Mus.Web.Domain.Plans;

namespace Mus.Web.Pages.Conversations.Plans;

/// <summary>The plan form as posted: three goal slots, each with its actions and one empty row to add another.</summary>
public sealed class PlanInput
{
    public sealed class ActionInput
    {
        public string? Key { get; set; }

        public string? What { get; set; }

        public string? Why { get; set; }

        public string? How { get; set; }

        public string? Who { get; set; }

        public DateOnly? ByWhen { get; set; }

        public DateOnly? FollowUpOn { get; set; }

        public ActionStatus Status { get; set; }

        public bool GoesFurther { get; set; }

        public string? GoesFurtherText { get; set; }

        public bool IsBlank => Clean(What) is null && Clean(Why) is null && Clean(How) is null && Clean(Who) is null
            && ByWhen is null && FollowUpOn is null && !GoesFurther && Clean(GoesFurtherText) is null;
    }

    public sealed class GoalInput
    {
        public string? Key { get; set; }

        public string? Title { get; set; }

        public List<ActionInput> Actions { get; set; } = [];
    }

    public List<GoalInput> Goals { get; set; } = [];

    public static PlanInput From(PlanContent content) => new()
    {
        Goals = content.Goals.Select(g => new GoalInput
        {
            Key = g.Key,
            Title = g.Title,
            Actions = g.Actions.Select(a => new ActionInput
            {
                Key = a.Key,
                What = a.What,
                Why = a.Why,
                How = a.How,
                Who = a.Who,
                ByWhen = a.ByWhen,
                FollowUpOn = a.FollowUpOn,
                Status = a.Status,
                GoesFurther = a.GoesFurther is not null,
                GoesFurtherText = a.GoesFurther,
            }).ToList(),
        }).ToList(),
    };

    /// <summary>Empty slots to type into: up to three goals, and one more action row under each goal.</summary>
    public PlanInput WithEmptyRows()
    {
        while (Goals.Count < PlanContent.MaxGoals)
        {
            Goals.Add(new GoalInput());
        }

        foreach (var goal in Goals.Where(g => g.Actions.Count < PlanContent.MaxActionsPerGoal && !g.Actions.Any(a => a.IsBlank)))
        {
            goal.Actions.Add(new ActionInput());
        }

        return this;
    }

    /// <summary>
    /// The wording to store, leaving out untouched rows, with the resource key of each problem the
    /// form itself can see (the content's own rules are checked by <see cref="PlanContent.Problems"/>).
    /// </summary>
    public (PlanContent Content, List<string> Problems) ToContent()
    {
        var problems = new List<string>();
        var goals = new List<PlanGoal>();
        foreach (var goal in Goals)
        {
            var actions = goal.Actions.Where(a => !a.IsBlank).Select(a =>
            {
                if (a.GoesFurther && Clean(a.GoesFurtherText) is null)
                {
                    problems.Add("Plan.Error.GoesFurtherText");
                }
                else if (!a.GoesFurther && Clean(a.GoesFurtherText) is not null)
                {
                    problems.Add("Plan.Error.GoesFurtherUnmarked");
                }

                if ((a.How is not null && !ActionChoices.Methods.Contains(a.How)) || (a.Who is not null && !ActionChoices.Responsibles.Contains(a.Who)) || !Enum.IsDefined(a.Status))
                {
                    problems.Add("Plan.Error.Choice");
                }

                return new PlanAction(NewKeyUnless(a.Key), Clean(a.What) ?? "", Clean(a.Why), Clean(a.How), Clean(a.Who), a.ByWhen, a.FollowUpOn, a.Status, a.GoesFurther ? Clean(a.GoesFurtherText) : null);
            }).ToList();
            if (Clean(goal.Title) is null && actions.Count == 0)
            {
                continue;
            }

            goals.Add(new PlanGoal(NewKeyUnless(goal.Key), Clean(goal.Title) ?? "", actions));
        }

        var content = new PlanContent(goals);
        problems.AddRange(content.Problems());
        return (content, problems.Distinct().ToList());
    }

    // Keys only tie an action to its follow-ups; a posted key is kept as long as it looks like one of ours.
    private static string NewKeyUnless(string? key) =>
        key is { Length: > 0 and <= 32 } && key.All(char.IsAsciiLetterOrDigit) ? key : Guid.NewGuid().ToString("N")[..12];

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
