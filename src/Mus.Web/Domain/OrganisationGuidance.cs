namespace Mus.Web.Domain;

/// <summary>The phases the guidance follows, for the employee and the leader alike.</summary>
public enum GuidancePhase
{
    Prepare,
    Conversation,
    Plan,
    After,
}

/// <summary>
/// The organisation's own paragraph for each phase of the guidance, written by HR (one row): where
/// to find the policies, who to call, local customs. Shown under our text, for both roles.
/// </summary>
public class OrganisationGuidance : IVersioned
{
    public const int NoteMaxLength = 2000;

    public int Id { get; set; }

    public string? Prepare { get; set; }

    public string? Conversation { get; set; }

    public string? Plan { get; set; }

    public string? After { get; set; }

    public long Version { get; set; }

    public string? NoteFor(GuidancePhase phase) => phase switch
    {
        GuidancePhase.Prepare => Prepare,
        GuidancePhase.Conversation => Conversation,
        GuidancePhase.Plan => Plan,
        _ => After,
    };
}
