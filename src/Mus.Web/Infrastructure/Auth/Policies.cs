namespace Mus.Web.Infrastructure.Auth;

/// <summary>Authorization policy names used by pages: <c>[Authorize(Policy = Policies.Hr)]</c>.</summary>
public static class Policies
{
    public const string Employee = nameof(Employee);
    public const string Leader = nameof(Leader);
    public const string Hr = nameof(Hr);
    public const string Administrator = nameof(Administrator);

    /// <summary>Who may look after units, people and imports: HR and IT administrators.</summary>
    public const string OrganisationManager = nameof(OrganisationManager);
}
