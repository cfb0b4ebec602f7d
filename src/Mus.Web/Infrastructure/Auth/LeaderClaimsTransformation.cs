using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// Adds the Leader role on each request when the person has direct reports. Deriving it here
/// rather than storing it means a change of leader takes effect on the very next request.
/// </summary>
public sealed class LeaderClaimsTransformation(AppDbContext db, IHttpContextAccessor http) : IClaimsTransformation
{
    /// <summary>Where the session check leaves the answer it read with the security stamp (so this asks the database only without it).</summary>
    public const string LeadsKey = "mus:leads";

    private const string Marker = "mus:leader-checked";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.HasClaim(c => c.Type == Marker) || !CurrentUser.TryGetPersonId(principal, out var personId))
        {
            return principal;
        }

        var identity = new ClaimsIdentity();
        identity.AddClaim(new Claim(Marker, "1"));
        var leads = http.HttpContext?.Items.TryGetValue(LeadsKey, out var known) == true && known is bool answer
            ? answer
            : await db.People.AnyAsync(p => p.LeaderId == personId);
        if (leads)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, Roles.Leader));
        }

        var transformed = principal.Clone();
        transformed.AddIdentity(identity);
        return transformed;
    }
}
