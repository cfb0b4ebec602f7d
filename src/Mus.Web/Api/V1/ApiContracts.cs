using System.ComponentModel;
using Mus.Web.Domain.Conversations;
using Mus.Web.Domain.Plans;

namespace Mus.Web.Api.V1;

// What API v1 answers and takes. Names and shapes are the API's promise to HR systems: change them
// only with a new version.

[Description("A round and how far its conversations are.")]
public sealed record RoundStatus(
    int Id,
    string Name,
    int Year,
    DateTimeOffset OpenedAt,
    DateOnly PreparationDeadline,
    DateOnly ConversationDeadline,
    [property: Description("Conversations in the round.")] int Conversations,
    int Preparing,
    int Held,
    int Excused,
    int Declined,
    [property: Description("Conversations whose plan both have approved as it stands.")] int PlansApproved);

[Description("One conversation's status: no content, only who, where it stands and its dates.")]
public sealed record ConversationStatusItem(
    int ConversationId,
    string EmployeeNumber,
    string LeaderEmployeeNumber,
    ConversationStatus Status,
    DateTimeOffset? ScheduledStart,
    DateTimeOffset? HeldAt,
    DateTimeOffset? PlanApprovedAt);

public sealed record ConversationStatusPage(int Page, int PageSize, int Total, IReadOnlyList<ConversationStatusItem> Items);

[Description("A conversation with an approved plan (fetch the plan itself by its conversation id).")]
public sealed record ApprovedPlanSummary(int ConversationId, string EmployeeNumber, int RoundId, DateTimeOffset ApprovedAt);

public sealed record ApprovedPlanPage(int Page, int PageSize, int Total, IReadOnlyList<ApprovedPlanSummary> Items);

[Description("The latest plan version both approved, as they worded it.")]
public sealed record ApprovedPlan(
    int ConversationId,
    string EmployeeNumber,
    string Employee,
    string Leader,
    string Round,
    int Version,
    DateTimeOffset ApprovedByEmployeeAt,
    DateTimeOffset ApprovedByLeaderAt,
    [property: Description("SHA-256 of the approved wording, as printed on the PDF.")] string Fingerprint,
    IReadOnlyList<ApprovedGoal> Goals);

public sealed record ApprovedGoal(string Title, IReadOnlyList<ApprovedAction> Actions);

public sealed record ApprovedAction(string What, string? Why, string? How, string? Who, DateOnly? ByWhen, DateOnly? FollowUpOn, ActionStatus Status, [property: Description("What the pair agreed to pass on, if anything.")] string? GoesFurther);

[Description("Something a pair agreed to pass on (a course request and the like), with HR's status.")]
public sealed record ForwardedItemStatus(
    int ConversationId,
    string EmployeeNumber,
    string Employee,
    string Unit,
    string Round,
    int PlanVersion,
    string Text,
    DateTimeOffset ApprovedAt,
    ForwardedStatus Status,
    DateTimeOffset? StatusChangedAt);

[Description("A page of conversations with items passed on (Total counts those conversations), and their items.")]
public sealed record ForwardedItemPage(int Page, int PageSize, int Total, IReadOnlyList<ForwardedItemStatus> Items);

[Description("The organisation's people, as the CSV import takes them: all are checked first, and if any is wrong nothing is saved.")]
public sealed record PeopleImportRequest(IReadOnlyList<PersonImport> People);

public sealed record PersonImport(
    string EmployeeNumber,
    string Name,
    string Email,
    string? JobTitle,
    string? JobGroup,
    [property: Description("The unit's code.")] string Unit,
    [property: Description("The leader's employee number.")] string? Leader,
    [property: Description("yyyy-MM-dd")] string? EmploymentStart);

public sealed record PeopleImportResult(int Added, int Updated, int LeaderChanges, int Unchanged, IReadOnlyList<string> NewJobGroups);

[Description("Why an import was refused: each problem with the position of the person it is about (1 for the first; where a message says 'line', it means this position).")]
public sealed record ImportProblem(int? Position, string Message);
