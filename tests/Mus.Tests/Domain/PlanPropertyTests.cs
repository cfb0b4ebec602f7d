using CsCheck;
using Mus.Web.Domain;
using Mus.Web.Domain.Plans;

namespace Mus.Tests.Domain;

/// <summary>
/// Random sequences of edits, approvals (fresh and stale) and amendments against the plan's
/// rules, checked after every step.
/// </summary>
public sealed class PlanPropertyTests
{
    private enum Step
    {
        Edit,
        ApproveFresh,
        ApproveStale,
        Amend,
    }

    private sealed record Operation(Step Step, PlanParty Party, int Wording);

    // A few wordings, so that the same text comes back now and then (an edit that changes nothing).
    private static readonly PlanContent[] Wordings =
    [
        PlanContent.Empty,
        Content("Blive tryg i det nye system", "Kursus i budgetmodulet"),
        Content("Blive tryg i det nye system", "Kursus i budgetmodulet", ActionStatus.InProgress),
        Content("Lede projektmøder", "Sidemandsoplæring hos Vibeke"),
    ];

    private static readonly Gen<Operation> Operations =
        Gen.Select(Gen.Enum<Step>(), Gen.Enum<PlanParty>(), Gen.Int[0, Wordings.Length - 1], (step, party, wording) => new Operation(step, party, wording));

    [Fact]
    public void ApprovalsFollowTheWording_AndALockedVersionNeverChanges()
    {
        Operations.Array[1, 40].Sample(operations =>
        {
            var plan = new Plan();
            var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
            foreach (var operation in operations)
            {
                var before = (plan.Number, plan.Hash, plan.IsLocked, plan.History.Count, plan.EmployeeApproval, plan.LeaderApproval);
                var refused = Apply(plan, operation, now = now.AddMinutes(1));

                // Every approval on record is an approval of the wording as it stands.
                Assert.True(plan.EmployeeApproval is null || plan.EmployeeApproval.Hash == plan.Hash);
                Assert.True(plan.LeaderApproval is null || plan.LeaderApproval.Hash == plan.Hash);
                Assert.Equal(plan.EmployeeApproval is not null && plan.LeaderApproval is not null, plan.IsLocked);

                // A locked version is changed by nothing but an amendment.
                if (before.IsLocked && operation.Step != Step.Amend)
                {
                    Assert.Equal(before.Hash, plan.Hash);
                    Assert.True(plan.IsLocked);
                }

                // A refused operation leaves the plan as it was.
                if (refused)
                {
                    Assert.Equal(before, (plan.Number, plan.Hash, plan.IsLocked, plan.History.Count, plan.EmployeeApproval, plan.LeaderApproval));
                }

                // A change of wording always leaves both approvals cleared.
                if (!refused && operation.Step == Step.Edit && before.Hash != plan.Hash)
                {
                    Assert.Null(plan.EmployeeApproval);
                    Assert.Null(plan.LeaderApproval);
                }

                // Amending moves exactly one approved version to the history and starts the next number.
                Assert.Equal(plan.Number - 1, plan.History.Count);
                Assert.All(plan.History, v => Assert.True(v.Employee.Hash == v.Content.Hash() && v.Leader.Hash == v.Content.Hash()));
                Assert.Equal(Enumerable.Range(1, plan.History.Count), plan.History.Select(v => v.Number));

                // What is stored reads back as the same plan.
                var stored = Plan.Read(plan.Write());
                Assert.Equal((plan.Number, plan.Hash, plan.IsLocked, plan.History.Count), (stored.Number, stored.Hash, stored.IsLocked, stored.History.Count));
            }
        }, iter: 2000);
    }

    [Fact]
    public void ChangingAnyFieldChangesTheHash()
    {
        var original = Content("Mål", "Handling");
        var action = original.Goals[0].Actions[0];
        var variants = new[]
        {
            action with { What = "Handling." },
            action with { Why = "Fordi" },
            action with { How = "Mentor" },
            action with { Who = "Karsten" },
            action with { ByWhen = new DateOnly(2027, 1, 1) },
            action with { FollowUpOn = new DateOnly(2026, 9, 1) },
            action with { Status = ActionStatus.Done },
            action with { GoesFurther = "Kursusansøgning" },
        };
        var hashes = variants.Select(v => new PlanContent([original.Goals[0] with { Actions = [v] }]).Hash()).Append(original.Hash()).ToList();
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    private static bool Apply(Plan plan, Operation operation, DateTimeOffset now)
    {
        try
        {
            switch (operation.Step)
            {
                case Step.Edit:
                    plan.Edit(Wordings[operation.Wording]);
                    break;
                case Step.ApproveFresh:
                    plan.Approve(operation.Party, 7, plan.Hash, now);
                    break;
                case Step.ApproveStale:
                    plan.Approve(operation.Party, 7, Wordings[operation.Wording].Hash(), now);
                    break;
                case Step.Amend:
                    plan.Amend();
                    break;
            }

            return false;
        }
        catch (DomainException)
        {
            return true;
        }
    }

    private static PlanContent Content(string goal, string what, ActionStatus status = ActionStatus.Planned) =>
        new([new PlanGoal("g1", goal, [new PlanAction("a1", what, "Økonomi", "Kursus", "Ida", new DateOnly(2026, 12, 1), new DateOnly(2026, 10, 1), status, null)])]);
}
