using Microsoft.AspNetCore.Identity;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>A sign-in account. Most accounts belong to a person; an IT administrator's may not.</summary>
public class AppUser : IdentityUser
{
    public int? PersonId { get; set; }

    public Person? Person { get; set; }

    /// <summary>When the last password-reset mail went out (UTC); at most one per few minutes.</summary>
    public DateTime? PasswordResetMailedAt { get; set; }

    /// <summary>The 30-second step of the last authenticator code accepted: a code is never accepted twice.</summary>
    public long? LastAuthenticatorTimeStep { get; set; }

    /// <summary>Closed by an administrator in MUS: only an administrator opens it again, never a directory's provisioning.</summary>
    public bool ClosedByAdministrator { get; set; }
}
