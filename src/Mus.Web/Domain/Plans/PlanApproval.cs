namespace Mus.Web.Domain.Plans;

public enum PlanParty
{
    Employee,
    Leader,
}

/// <summary>One party's "yes" to the plan exactly as it read when <see cref="Hash"/> was taken.</summary>
public sealed record PlanApproval(int PersonId, string Hash, DateTimeOffset At);

/// <summary>A version both approved and later amended: kept as it was approved.</summary>
public sealed record ApprovedPlanVersion(int Number, PlanContent Content, PlanApproval Employee, PlanApproval Leader);
