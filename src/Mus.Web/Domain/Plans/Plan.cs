using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mus.Web.Domain.Plans;

/// <summary>
/// The development plan of one conversation, as kept in its compartment. The rules: any change
/// of wording clears both approvals; both approvals of the same wording lock that version; a
/// locked version is changed only by amending, which starts version n+1 for both to approve again.
/// </summary>
public sealed class Plan
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    [JsonInclude]
    public int Number { get; private set; } = 1;

    [JsonInclude]
    public PlanContent Content { get; private set; } = PlanContent.Empty;

    [JsonInclude]
    public PlanApproval? EmployeeApproval { get; private set; }

    [JsonInclude]
    public PlanApproval? LeaderApproval { get; private set; }

    /// <summary>Earlier versions, each as both approved it.</summary>
    [JsonInclude]
    public List<ApprovedPlanVersion> History { get; private set; } = [];

    public string Hash => Content.Hash();

    public bool IsLocked => EmployeeApproval?.Hash == Hash && LeaderApproval?.Hash == Hash;

    /// <summary>The approved wording that is in force: this version once locked, else the last amended one.</summary>
    public PlanContent? InForce => IsLocked ? Content : History.LastOrDefault()?.Content;

    public PlanApproval? ApprovalOf(PlanParty party) => party == PlanParty.Employee ? EmployeeApproval : LeaderApproval;

    /// <summary>The newest version both approved (this one once locked, else the last amended one), or null if none was.</summary>
    public Plan? LatestApproved() => IsLocked ? this : History.LastOrDefault() is { } last ? ApprovedVersion(last.Number) : null;

    /// <summary>Version <paramref name="number"/> as both approved it (also after it was amended), or null if it never was.</summary>
    public Plan? ApprovedVersion(int number) => IsLocked && Number == number
        ? this
        : History.FirstOrDefault(v => v.Number == number) is { } version
            ? new Plan { Number = version.Number, Content = version.Content, EmployeeApproval = version.Employee, LeaderApproval = version.Leader }
            : null;

    public static Plan Read(string? json) =>
        string.IsNullOrWhiteSpace(json) || json == "{}" ? new Plan() : JsonSerializer.Deserialize<Plan>(json, Json) ?? new Plan();

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <summary>Replaces the wording. A change clears both approvals; the same wording keeps them.</summary>
    public void Edit(PlanContent content)
    {
        if (IsLocked)
        {
            throw new DomainException("Plan.Error.Locked");
        }

        if (content.Problems().FirstOrDefault() is { } problem)
        {
            throw new DomainException(problem);
        }

        if (content.Hash() == Hash)
        {
            return;
        }

        Content = content;
        EmployeeApproval = null;
        LeaderApproval = null;
    }

    /// <summary>
    /// Approves the wording the party read, identified by its hash. When the plan was changed in
    /// the meantime the approval is refused, so nobody approves text they have not seen.
    /// </summary>
    public void Approve(PlanParty party, int personId, string readHash, DateTimeOffset now)
    {
        if (readHash != Hash)
        {
            throw new DomainException("Plan.Error.ChangedSinceRead");
        }

        if (Content.Goals.Count == 0)
        {
            throw new DomainException("Plan.Error.NoGoals");
        }

        if (ApprovalOf(party) is not null)
        {
            return;
        }

        var approval = new PlanApproval(personId, readHash, now);
        if (party == PlanParty.Employee)
        {
            EmployeeApproval = approval;
        }
        else
        {
            LeaderApproval = approval;
        }
    }

    /// <summary>Opens a locked plan for change: the approved version goes to the history, version n+1 starts unapproved.</summary>
    public void Amend()
    {
        if (!IsLocked)
        {
            throw new DomainException("Plan.Error.NotLocked");
        }

        History.Add(new ApprovedPlanVersion(Number, Content, EmployeeApproval!, LeaderApproval!));
        Number++;
        EmployeeApproval = null;
        LeaderApproval = null;
    }
}
