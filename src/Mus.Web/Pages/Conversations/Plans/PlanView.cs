using Microsoft.AspNetCore.Authorization.Infrastructure;
using Mus.Web.Domain.Plans;
using Mus.Web.Pages.Conversations;

namespace Mus.Web.Pages.Conversations.Plans;

/// <summary>A conversation's plan with the names around it, as read by one of the two parties.</summary>
public sealed record PlanView(
    int ConversationId,
    string Organisation,
    string RoundName,
    int EmployeeId,
    string EmployeeName,
    int LeaderId,
    string LeaderName,
    ConversationStatus Status,
    DateTimeOffset? HeldAt,
    bool IsLeader,
    Plan Plan,
    long Version)
{
    /// <summary>Everyone who approved a version: a plan approved with a former leader keeps that leader's name.</summary>
    public IReadOnlyDictionary<int, string> Names { get; init; } = new Dictionary<int, string>();

    public PlanParty MyParty => IsLeader ? PlanParty.Leader : PlanParty.Employee;

    public string NameOf(int personId) => personId == EmployeeId ? EmployeeName : personId == LeaderId ? LeaderName : Names.GetValueOrDefault(personId, "");

    /// <summary>Who approved for <paramref name="party"/>, or who is to.</summary>
    public string ApproverName(PlanParty party) => Plan.ApprovalOf(party) is { } approval
        ? NameOf(approval.PersonId)
        : party == PlanParty.Employee ? EmployeeName : LeaderName;

    /// <summary>The names of these people too (for example who recorded follow-ups).</summary>
    public static async Task<IReadOnlyDictionary<int, string>> NamesAsync(AppDbContext db, IEnumerable<int> personIds)
    {
        var ids = personIds.Distinct().ToList();
        return await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name);
    }

    /// <summary>The name behind an action's "who": the employee, the leader or both of them.</summary>
    public string Responsible(string? who, string both) => who switch
    {
        "employee" => EmployeeName,
        "leader" => LeaderName,
        "both" => both,
        _ => "–",
    };

    public static async Task<PlanView?> LoadAsync(AppDbContext db, ConversationAccess access, CurrentUser me, int id, OperationAuthorizationRequirement operation)
    {
        var parties = await access.AuthorizeAsync(id, operation);
        if (parties is null)
        {
            return null;
        }

        // The leader the conversation was held (or is being prepared) with, who need not be the
        // employee's leader today.
        return await ReadAsync(db, id, parties.EmployeeId, parties.ConversationLeaderId, parties.IsCurrentLeader(me.PersonId));
    }

    /// <summary>The plan and the names around it, for a reader already allowed it (a party, or the journal).</summary>
    public static async Task<PlanView> ReadAsync(AppDbContext db, int id, int employeeId, int leaderId, bool isLeader)
    {
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new
            {
                Round = c.Round!.Name,
                Employee = c.Employee!.Name,
                Leader = db.People.Where(p => p.Id == leaderId).Select(p => p.Name).Single(),
                // The top of the unit tree is the organisation itself.
                Organisation = db.OrgUnits.Where(u => u.ParentId == null).OrderBy(u => u.Id).Select(u => u.Name).FirstOrDefault(),
                c.Status,
                c.HeldAt,
            })
            .SingleAsync();
        var part = await db.ConversationParts.AsNoTracking().SingleOrDefaultAsync(p => p.ConversationId == id && p.Kind == PartKind.Plan);
        var plan = Plan.Read(part?.Content);
        var approvers = new[] { plan.ApprovalOf(PlanParty.Employee), plan.ApprovalOf(PlanParty.Leader) }.OfType<PlanApproval>()
            .Concat(plan.History.SelectMany(v => new[] { v.Employee, v.Leader }))
            .Select(a => a.PersonId);
        return new PlanView(
            id, conversation.Organisation ?? "", conversation.Round, employeeId, conversation.Employee, leaderId, conversation.Leader,
            conversation.Status, conversation.HeldAt, isLeader, plan, part?.Version ?? 0)
        {
            Names = await NamesAsync(db, approvers),
        };
    }
}
