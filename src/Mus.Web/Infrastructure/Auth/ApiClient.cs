namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// A system that calls MUS with a bearer token (an HR system, the directory's SCIM provisioning),
/// made by the administrator. Only a hash of its secret is kept: the token is shown once.
/// </summary>
public class ApiClient
{
    public const int NameMaxLength = 100;

    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The scopes granted, separated by spaces (see <see cref="ApiScopes"/>).</summary>
    public required string Scopes { get; set; }

    /// <summary>SHA-256 (hex) of the secret part of the token: 256 random bits need no slow hash.</summary>
    public required string SecretHash { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public string? CreatedByUserId { get; set; }

    /// <summary>UTC, to the minute: when the token was last used.</summary>
    public DateTime? LastUsedAt { get; set; }

    /// <summary>UTC; a revoked client's token is refused like an unknown one.</summary>
    public DateTime? RevokedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
