namespace Mus.Web.Domain.Conversations;

/// <summary>
/// The employee's receipt for content destroyed about them: which compartment of which
/// conversation, whose it was, when and why. Ids and times only, never the content.
/// </summary>
public class ShredReceipt
{
    public int Id { get; set; }

    public int EmployeeId { get; set; }

    public int ConversationId { get; set; }

    public PartKind Compartment { get; set; }

    /// <summary>The leader whose own notes were destroyed.</summary>
    public int FormerLeaderId { get; set; }

    public DateTimeOffset ShreddedAt { get; set; }

    /// <summary>A resource key naming the reason, such as "Receipts.Reason.LeaderChange".</summary>
    public required string Reason { get; set; }
}
