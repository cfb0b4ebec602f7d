namespace Mus.Web.Infrastructure.Auth;

/// <summary>The <c>SignIn</c> configuration section.</summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    public int MaxFailedAttempts { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A session ends after this long without a request (fractions allowed).</summary>
    public double IdleTimeoutMinutes { get; set; } = 60;

    /// <summary>A session ends this long after sign-in, however active it is (fractions allowed).</summary>
    public double AbsoluteTimeoutMinutes { get; set; } = 12 * 60;

    public void Validate()
    {
        if (MaxFailedAttempts < 1 || LockoutMinutes < 1 || IdleTimeoutMinutes <= 0 || AbsoluteTimeoutMinutes <= 0)
        {
            throw new InvalidOperationException("SignIn:MaxFailedAttempts, SignIn:LockoutMinutes, SignIn:IdleTimeoutMinutes and SignIn:AbsoluteTimeoutMinutes must be positive.");
        }
    }
}
