namespace Mus.Web.Pages.Guidance;

/// <summary>What the guidance panel beside a working page shows: one role's advice for one phase, and HR's note for it.</summary>
public sealed record GuidanceBeside(bool ForLeader, GuidancePhase Phase, string? Note)
{
    public string Role => ForLeader ? "leader" : "employee";

    /// <summary>Our advice for the role and phase, one point per line in the resources.</summary>
    public string TextKey => $"Guidance.{(ForLeader ? "Leader" : "Employee")}.{Phase}";
}
