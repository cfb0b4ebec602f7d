namespace Mus.Web.Infrastructure.Auth;

/// <summary>Authorization policy names used by pages: <c>[Authorize(Policy = Policies.Hr)]</c>.</summary>
public static class Policies
{
    public const string Employee = nameof(Employee);
    public const string Leader = nameof(Leader);
    public const string Hr = nameof(Hr);
    public const string Administrator = nameof(Administrator);

    /// <summary>Any signed-in account, also one without a person (an administrator made by the CLI).</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>
    /// Pages about one conversation: a signed-in person. Who may do what with that conversation is
    /// decided per request by <c>ConversationAccess</c>; everyone else gets 404.
    /// </summary>
    public const string ConversationPage = nameof(ConversationPage);

    /// <summary>Adding people to a round: HR, and leaders for their own reports.</summary>
    public const string RoundMember = nameof(RoundMember);

    /// <summary>Who may look after units, people and imports: HR and IT administrators.</summary>
    public const string OrganisationManager = nameof(OrganisationManager);
}
