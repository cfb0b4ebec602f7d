namespace Mus.Web.Domain.Plans;

/// <summary>The fixed choices of a plan's action: stored by key, shown in the reader's language, and counted by the figures.</summary>
public static class ActionChoices
{
    /// <summary>Ways of learning.</summary>
    public static readonly string[] Methods = ["course", "on-the-job", "mentor", "new-tasks", "network", "self-study", "other"];

    /// <summary>Who carries an action: stored by role, shown with the person's name.</summary>
    public static readonly string[] Responsibles = ["employee", "leader", "both"];
}
