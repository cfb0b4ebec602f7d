using Microsoft.AspNetCore.Identity;

namespace Mus.Web.Domain;

/// <summary>A sign-in account. Most accounts belong to a person; an IT administrator's may not.</summary>
public class AppUser : IdentityUser
{
    public int? PersonId { get; set; }

    public Person? Person { get; set; }
}
