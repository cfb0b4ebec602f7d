namespace Mus.Web.Domain.Plans;

/// <summary>
/// The two dates reminders need from a plan, read from the plan in force and its follow-ups when
/// either is saved: the next follow-up not yet held, and the earliest deadline of an open action.
/// Dates only, kept on the conversation so that the reminder scan never opens a plan.
/// </summary>
public sealed record PlanDates(DateOnly? NextFollowUp, DateOnly? OpenActionDeadline)
{
    public static PlanDates Of(Plan plan, FollowUpLog log)
    {
        if (plan.InForce is not { } inForce)
        {
            return new(null, null);
        }

        var open = inForce.Actions.Where(a => FollowUpLog.IsOpen(log.StatusOf(a))).ToList();
        return new(
            open.Where(a => a.FollowUpOn is { } on && !log.Entries.Any(e => e.Date >= on)).Min(a => a.FollowUpOn),
            open.Min(a => a.ByWhen));
    }
}
