using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>Puts the signed-in account's person id into the cookie; it never changes for an account.</summary>
public sealed class PersonClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    public const string PersonIdClaim = "mus:person";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.PersonId is int personId)
        {
            identity.AddClaim(new Claim(PersonIdClaim, personId.ToString(CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
