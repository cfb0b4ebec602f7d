namespace Mus.Web.Api.Clients;

/// <summary>What an API client may do; each endpoint names the one scope it needs.</summary>
public static class ApiScopes
{
    /// <summary>Provisioning people through SCIM 2.0 (<c>/scim/v2</c>).</summary>
    public const string Scim = "scim";

    public const string OrgWrite = "org:write";
    public const string RoundsRead = "rounds:read";
    public const string PlansRead = "plans:read";
    public const string ForwardedRead = "forwarded:read";

    public static readonly IReadOnlyList<string> All = [Scim, OrgWrite, RoundsRead, PlansRead, ForwardedRead];

    /// <summary>Any API client's valid token, whatever its scopes (for telling a client a method is not served).</summary>
    public const string AnyClientPolicy = "api:any-client";

    /// <summary>The authorization policy of a scope: a client's bearer token carrying it.</summary>
    public static string Policy(string scope) => "api:" + scope;

    public const string ScopeClaim = "scope";
    public const string ClientClaim = "mus:api-client";
}
