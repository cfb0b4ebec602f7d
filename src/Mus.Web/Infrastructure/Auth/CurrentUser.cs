using System.Globalization;
using System.Security.Claims;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>The signed-in user of the current request.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public string? UserId => Principal.FindFirstValue(ClaimTypes.NameIdentifier);

    public int? PersonId => TryGetPersonId(Principal, out var id) ? id : null;

    public bool IsLeader => Principal.IsInRole(Roles.Leader);

    public bool IsHr => Principal.IsInRole(Roles.Hr);

    public bool IsAdministrator => Principal.IsInRole(Roles.Administrator);

    public static bool TryGetPersonId(ClaimsPrincipal principal, out int personId) =>
        int.TryParse(principal.FindFirstValue(PersonClaimsPrincipalFactory.PersonIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out personId);
}
