using Microsoft.AspNetCore.Identity;
using Mus.Web.Api;
using Mus.Web.Pages.Conversations;

namespace Mus.Web.Api.Scim;

/// <summary>
/// Writes what a directory provisions: new people with an account (without a password, as the import
/// makes them), changes to them, and their account closed or opened with <c>active</c>. A new leader
/// runs the same change-of-leader protocol as HR's edit, the move page and the import
/// (<see cref="LeaderChanges"/>: shredding, receipt, hand-over), in the same transaction. A directory never
/// changes who holds power in MUS (<see cref="RoleAccounts"/>), nor opens an account an administrator closed;
/// a new address ends the account's sessions and is told to the old one (<see cref="AccountAddress"/>).
/// </summary>
public sealed class ScimProvisioning(AppDbContext db, UserManager<AppUser> users, ILookupNormalizer normalizer, LeaderChanges leaderChanges, SessionStamps sessions, AccountAddress addresses, TimeProvider clock)
{
    /// <summary>The User, or null when there is none or the directory deleted it.</summary>
    public async Task<ScimUser.Stored?> FindAsync(int id) =>
        (await StoredAsync(db.People.AsNoTracking().Where(p => p.Id == id && p.DirectoryDeletedAt == null))).SingleOrDefault();

    /// <summary>The people a userName or externalId filter names (at most one each), or a page of everyone; never one the directory deleted.</summary>
    public IQueryable<Person> Matching(ScimFilter.Attribute? attribute, string? value)
    {
        var people = db.People.AsNoTracking().Where(p => p.DirectoryDeletedAt == null);
        var lower = value?.Trim().ToLowerInvariant();
        return attribute switch
        {
            ScimFilter.Attribute.UserName => people.Where(p => p.DirectoryUserName == lower || (p.DirectoryUserName == null && p.Email == lower)),
            ScimFilter.Attribute.ExternalId => people.Where(p => p.ExternalId == value),
            ScimFilter.Attribute.Id => int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? people.Where(p => p.Id == id) : people.Where(_ => false),
            _ => people,
        };
    }

    public async Task<IReadOnlyList<ScimUser.Stored>> StoredAsync(IQueryable<Person> people) =>
        (await people.Select(p => new { Person = p, Unit = p.OrgUnit!.Code, Leader = p.Leader!.Name, Closed = db.Users.Any(u => u.PersonId == p.Id && u.LockoutEnd == AccountStatus.DisabledUntil) }).ToListAsync())
            .Select(f => new ScimUser.Stored(f.Person, f.Unit, !f.Closed, f.Leader)).ToList();

    /// <summary>A new person with an account; or, when the directory deleted someone with this employee number, that person back (same id, their history kept).</summary>
    public async Task<int> CreateAsync(ScimUser user)
    {
        var returning = await db.People.Where(p => p.EmployeeNumber == user.EmployeeNumber && p.DirectoryDeletedAt != null).Select(p => (int?)p.Id).SingleOrDefaultAsync();
        if (returning is int returningId)
        {
            await ReplaceAsync(returningId, user, version: null, restore: true);
            return returningId;
        }

        await CheckUniqueAsync(user, personId: null);
        var unitId = await UnitOfAsync(user, current: null);
        var leaderId = await LeaderOfAsync(user, personId: null);
        var leaderIsNew = leaderId is int id && !await db.People.AnyAsync(p => p.LeaderId == id);
        var person = new Person
        {
            EmployeeNumber = user.EmployeeNumber,
            Name = user.Name,
            GivenName = user.GivenName,
            FamilyName = user.FamilyName,
            Email = user.Email,
            JobTitle = user.Title,
            OrgUnitId = unitId,
            ExternalId = user.ExternalId,
            DirectoryUserName = user.UserName == user.Email ? null : user.UserName,
            DirectoryUserNameSpelling = user.UserNameAsSent == user.UserName ? null : user.UserNameAsSent,
        };
        person.AssignLeader(leaderId);
        var account = new AppUser
        {
            Person = person,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            EmailConfirmed = true,
            LockoutEnd = user.Active ? null : AccountStatus.DisabledUntil,
        };
        AccountAddress.Set(account, person.Email, normalizer);
        db.People.Add(person);
        db.Users.Add(account);
        await SaveAsync();
        if (leaderIsNew)
        {
            // The leader leads someone for the first time: every instance asks again who leads
            // (not at every new employee: an initial sync of thousands would empty the caches each time).
            await sessions.AnnounceAsync(db, SessionStamps.Everyone);
        }

        return person.Id;
    }

    /// <param name="version">The version (ETag) the client's If-Match names, if it sent one.</param>
    /// <param name="restore">A User the directory deleted comes back (a POST with their employee number).</param>
    public async Task ReplaceAsync(int id, ScimUser user, string? version, bool restore = false)
    {
        var current = (await StoredAsync(db.People.AsNoTracking().Where(p => p.Id == id && (restore || p.DirectoryDeletedAt == null)))).SingleOrDefault()
            ?? throw new ApiRefusal(StatusCodes.Status404NotFound, $"There is no User {id}.");
        if (version is not null && version != ScimUser.ETag(current))
        {
            throw new ApiRefusal(StatusCodes.Status412PreconditionFailed, "The User changed since that version was read.");
        }

        // The row must still be the one the version was checked against when it is saved.
        var person = await db.People.SingleAsync(p => p.Id == id);
        db.Entry(person).Property(p => p.Version).OriginalValue = current.Person.Version;

        var account = await db.Users.SingleOrDefaultAsync(u => u.PersonId == id);
        await CheckIdentityChangeAsync(person, account, user);
        await CheckUniqueAsync(user, person.Id);
        var unitId = await UnitOfAsync(user, person);
        var leaderId = await LeaderOfAsync(user, person.Id);
        var formerLeaderId = person.LeaderId;
        person.EmployeeNumber = user.EmployeeNumber;
        person.Name = user.Name;
        person.GivenName = user.GivenName;
        person.FamilyName = user.FamilyName;
        person.Email = user.Email;
        person.JobTitle = user.Title;
        person.OrgUnitId = unitId;
        person.ExternalId = user.ExternalId;
        person.DirectoryUserName = user.UserName == user.Email ? null : user.UserName;
        person.DirectoryUserNameSpelling = user.UserNameAsSent == user.UserName ? null : user.UserNameAsSent;
        person.AssignLeader(leaderId);
        person.DirectoryDeletedAt = null;
        var moved = account is not null && addresses.Change(account, person.Email, person.Language);
        if (account is not null && AccountStatus.IsDisabled(account) == user.Active)
        {
            // Opening or closing changes only the account: the person's row is written too (its version
            // raised), so that a DELETE or another change of the same User meanwhile is caught (409), not raced.
            db.Entry(person).State = EntityState.Modified;
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        await SaveAsync();
        if (formerLeaderId != leaderId)
        {
            await leaderChanges.ApplyAsync(person.Id, leaderId);
        }

        if (account is not null && AccountStatus.IsDisabled(account) == user.Active)
        {
            // Closing as the administrator's page does: a new security stamp ends the sessions.
            var result = user.Active ? await users.OpenAsync(account) : await users.CloseAsync(account);
            if (!result.Succeeded)
            {
                throw new ApiRefusal(StatusCodes.Status409Conflict, "The account changed meanwhile; send the request again.");
            }
        }

        await transaction.CommitAsync();
        if (formerLeaderId != leaderId)
        {
            await sessions.AnnounceAsync(db, SessionStamps.Everyone);
        }
        else if (moved)
        {
            await sessions.AnnounceAsync(db, account!.Id);
        }
    }

    /// <summary>
    /// Refuses what a directory may not do to an account: change the address, sign-in name or state of one
    /// that holds a role, or open one an administrator closed. Nothing is saved.
    /// </summary>
    private async Task CheckIdentityChangeAsync(Person person, AppUser? account, ScimUser user)
    {
        if (account is null)
        {
            return;
        }

        var changesIdentity = !string.Equals(user.Email, person.Email, StringComparison.Ordinal)
            || !string.Equals(user.UserName, person.DirectoryUserName ?? person.Email, StringComparison.Ordinal)
            || user.Active == AccountStatus.IsDisabled(account);
        if (changesIdentity && await RoleAccounts.HoldsARoleAsync(db, account.Id))
        {
            throw RoleAccount();
        }

        if (user.Active && account.ClosedByAdministrator)
        {
            throw new ApiRefusal(StatusCodes.Status403Forbidden, "An administrator closed this account in MUS; only an administrator can open it again.");
        }
    }

    private static ApiRefusal RoleAccount() => new(StatusCodes.Status403Forbidden,
        "This User's account holds a role in MUS (administrator or HR, or is the break-glass administrator): its e-mail, userName and active are changed in MUS only, by an administrator.");

    /// <summary>
    /// DELETE: the account is closed and the User is gone for SCIM (404 from now on); the person stays, with
    /// their conversations under the retention rules. False when there is no such User.
    /// </summary>
    /// <param name="version">The version (ETag) the client's If-Match names, if it sent one.</param>
    public async Task<bool> DeleteAsync(int id, string? version)
    {
        var current = (await StoredAsync(db.People.AsNoTracking().Where(p => p.Id == id && p.DirectoryDeletedAt == null))).SingleOrDefault();
        if (current is null)
        {
            return false;
        }

        if (version is not null && version != ScimUser.ETag(current))
        {
            throw new ApiRefusal(StatusCodes.Status412PreconditionFailed, "The User changed since that version was read.");
        }

        var person = await db.People.SingleAsync(p => p.Id == id);
        db.Entry(person).Property(p => p.Version).OriginalValue = current.Person.Version;

        var account = await db.Users.SingleOrDefaultAsync(u => u.PersonId == id);
        if (account is not null && await RoleAccounts.HoldsARoleAsync(db, account.Id))
        {
            throw RoleAccount();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        person.DirectoryDeletedAt = clock.GetUtcNow();
        await SaveAsync();
        if (account is not null && !AccountStatus.IsDisabled(account) && !(await users.CloseAsync(account)).Succeeded)
        {
            throw new ApiRefusal(StatusCodes.Status409Conflict, "The account changed meanwhile; send the request again.");
        }

        await transaction.CommitAsync();
        return true;
    }

    private async Task SaveAsync()
    {
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ApiRefusal(StatusCodes.Status409Conflict, "The User was changed by someone else meanwhile; send the request again.");
        }
        catch (DbUpdateException)
        {
            // Two requests creating the same person at once: the unique indexes let one in.
            throw ScimRefusals.Uniqueness("Another User has the same userName, e-mail address, employee number or externalId.");
        }
    }

    /// <summary>One query for the person's keys, one for the account's address.</summary>
    private async Task CheckUniqueAsync(ScimUser user, int? personId)
    {
        var clashes = await db.People
            .Where(p => p.Id != personId && (p.EmployeeNumber == user.EmployeeNumber
                || p.Email == user.Email || p.Email == user.UserName || p.DirectoryUserName == user.UserName || p.DirectoryUserName == user.Email
                || (user.ExternalId != null && p.ExternalId == user.ExternalId)))
            .Select(p => new { p.EmployeeNumber, p.ExternalId, Deleted = p.DirectoryDeletedAt != null })
            .Take(3)
            .ToListAsync();
        if (clashes.Any(c => c.Deleted))
        {
            // Its keys stay taken (the person is still in MUS); the directory is told how to have it back.
            throw ScimRefusals.Uniqueness("A User deleted earlier has this userName, e-mail address, employee number or externalId; the person is still in MUS. Create it with its employee number to have it back, or ask MUS's administrator.");
        }

        if (clashes.Any(c => c.EmployeeNumber == user.EmployeeNumber))
        {
            throw ScimRefusals.Uniqueness($"Another User has the employee number '{user.EmployeeNumber}'.");
        }

        if (clashes.Any(c => user.ExternalId is not null && c.ExternalId == user.ExternalId))
        {
            throw ScimRefusals.Uniqueness("Another User has this externalId.");
        }

        if (clashes.Count > 0)
        {
            throw ScimRefusals.Uniqueness("Another User has this userName or e-mail address.");
        }

        // An account without a person (an administrator made on the command line) may hold the address.
        var normalised = normalizer.NormalizeEmail(user.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalised && (u.PersonId == null || u.PersonId != personId)))
        {
            throw ScimRefusals.Uniqueness("Another account has this e-mail address.");
        }
    }

    /// <summary>The unit named by department (its code, or else its name); else the one the person is in; else the leader's; else the top unit.</summary>
    private async Task<int> UnitOfAsync(ScimUser user, Person? current)
    {
        if (user.Department is { } department)
        {
            var byCode = await db.OrgUnits.Where(u => u.Code == department).Select(u => (int?)u.Id).SingleOrDefaultAsync();
            if (byCode is int unitId)
            {
                return unitId;
            }

            var lower = department.ToLowerInvariant();
            var byName = await db.OrgUnits.Where(u => u.Name.ToLower() == lower).Select(u => u.Id).Take(2).ToListAsync();
            return byName.Count switch
            {
                1 => byName[0],
                0 => throw ScimRefusals.InvalidValue($"There is no unit with the code or name '{department}' (department)."),
                _ => throw ScimRefusals.InvalidValue($"Several units are called '{department}': give the unit's code as department."),
            };
        }

        if (current is not null)
        {
            return current.OrgUnitId;
        }

        if (user.ManagerId is not null && int.TryParse(user.ManagerId, out var leaderId)
            && await db.People.Where(p => p.Id == leaderId).Select(p => (int?)p.OrgUnitId).SingleOrDefaultAsync() is int leadersUnit)
        {
            return leadersUnit;
        }

        // Neither: the organisation's top unit, where HR finds and places them (a directory's default mapping sends no department).
        var tops = await db.OrgUnits.Where(u => u.ParentId == null).Select(u => u.Id).Take(2).ToListAsync();
        return tops.Count == 1
            ? tops[0]
            : throw ScimRefusals.InvalidValue("A new User needs a 'department' (a unit's code or name) or a 'manager', to be placed in a unit.");
    }

    /// <summary>
    /// The leader's person id; refused if unknown, if newly given and deleted for SCIM (a leader kept is
    /// kept, so a leaver's reports can still be changed and closed), or if it would make someone lead
    /// themselves through others.
    /// </summary>
    private async Task<int?> LeaderOfAsync(ScimUser user, int? personId)
    {
        if (user.ManagerId is null)
        {
            return null;
        }

        if (!int.TryParse(user.ManagerId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var leaderId)
            || !await db.People.AnyAsync(p => p.Id == leaderId
                && (p.DirectoryDeletedAt == null || db.People.Any(q => q.Id == personId && q.LeaderId == leaderId))))
        {
            throw ScimRefusals.InvalidValue($"The manager '{user.ManagerId}' is not a User here.");
        }

        if (personId is null)
        {
            // Someone new leads nobody yet: no cycle to look for.
            return leaderId;
        }

        // Up the line from the new leader: meeting the person means a cycle.
        var seen = new HashSet<int>();
        for (int? current = leaderId; current is int step; current = await db.People.Where(p => p.Id == step).Select(p => p.LeaderId).SingleAsync())
        {
            if (step == personId)
            {
                throw ScimRefusals.InvalidValue("That manager would make a cycle: the User would lead their own leader.");
            }

            if (!seen.Add(step))
            {
                break;
            }
        }

        return leaderId;
    }
}
