namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// Wrong passwords given for one e-mail address from one client. The key is a hash of both, so the
/// table holds neither; an unknown address is counted exactly like a known one.
/// </summary>
public class SignInThrottle
{
    public const int KeyLength = 64;

    public required string Key { get; set; }

    public int Failures { get; set; }

    /// <summary>UTC.</summary>
    public DateTime LastFailureAt { get; set; }

    /// <summary>UTC; no attempt from this client for this address is checked before then.</summary>
    public DateTime BlockedUntil { get; set; }
}
