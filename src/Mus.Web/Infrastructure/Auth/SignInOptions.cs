namespace Mus.Web.Infrastructure.Auth;

/// <summary>The <c>SignIn</c> configuration section.</summary>
public sealed class SignInOptions : Settings.ISettings
{
    public const string Section = "SignIn";

    /// <summary>Wrong passwords for one address from one client before that client has to wait.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>The longest such wait; also how long wrong authenticator codes lock the second step.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// Posts to sign-in, the second step and the password pages per client address and minute, each
    /// page counted on its own. Many people behind one address (an office's NAT) share it.
    /// </summary>
    public int AttemptsPerClientPerMinute { get; set; } = 30;

    /// <summary>At most one password-reset mail per account this often.</summary>
    public double ResetMailMinutes { get; set; } = 5;

    /// <summary>A session ends after this long without a request (fractions allowed).</summary>
    public double IdleTimeoutMinutes { get; set; } = 60;

    /// <summary>A session ends this long after sign-in, however active it is (fractions allowed).</summary>
    public double AbsoluteTimeoutMinutes { get; set; } = 12 * 60;

    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[] { ("MaxFailedAttempts", (double)MaxFailedAttempts), ("LockoutMinutes", LockoutMinutes), ("AttemptsPerClientPerMinute", AttemptsPerClientPerMinute), ("IdleTimeoutMinutes", IdleTimeoutMinutes), ("AbsoluteTimeoutMinutes", AbsoluteTimeoutMinutes) })
        {
            if (value <= 0)
            {
                yield return $"{Section}:{name} must be positive.";
            }
        }

        if (ResetMailMinutes < 0)
        {
            yield return $"{Section}:ResetMailMinutes must not be negative.";
        }
    }
}
