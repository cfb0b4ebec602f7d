namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// Accounts that hold power in MUS: an administrator, HR, or the break-glass administrator of single
/// sign-on. An integration (SCIM, the API's import) never changes who they are — their address, their
/// sign-in name — or opens or closes them: that is done in MUS, by an administrator.
/// </summary>
public static class RoleAccounts
{
    /// <summary>The ids of every such account, as a query to filter or test against.</summary>
    public static IQueryable<string> Ids(AppDbContext db) =>
        db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == Roles.Administrator || r.Name == Roles.Hr))).Select(ur => ur.UserId)
            .Union(db.SingleSignOnRequirement.Select(s => s.BreakGlassUserId));

    public static Task<bool> HoldsARoleAsync(AppDbContext db, string userId, CancellationToken cancellationToken = default) =>
        Ids(db).AnyAsync(id => id == userId, cancellationToken);
}
