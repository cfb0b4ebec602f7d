using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Mus.Web.Data;
using Mus.Web.Domain;
using Mus.Web.Pages.Conversations;

namespace Mus.Web.Pages.Organisation.Import;

/// <summary>
/// Imports a people file: validates all of it, then applies it in one transaction or not at
/// all. People are matched by employee number; everyone new gets an account without a password,
/// which they set through "forgot password". People missing from the file are left as they are.
/// </summary>
public sealed class PeopleImport(AppDbContext db, ILookupNormalizer normalizer, LeaderChanges onLeaderChange, ILogger<PeopleImport> logger)
{
    public async Task<ImportReport> ImportAsync(byte[] file, CancellationToken cancellationToken = default)
    {
        var (text, decodeErrors) = CsvTextDecoder.Decode(file);
        if (text is null)
        {
            return ImportReport.Failed(decodeErrors);
        }

        var (rows, readErrors) = PeopleCsvReader.Read(text);
        if (readErrors.Count > 0)
        {
            return ImportReport.Failed(readErrors);
        }

        if (rows.Count == 0)
        {
            return ImportReport.Failed([new ImportMessage(null, "Import.Error.NoRows")]);
        }

        var recorded = await db.People.ToListAsync(cancellationToken);
        var numberById = recorded.ToDictionary(p => p.Id, p => p.EmployeeNumber);
        var known = PeopleImportValidator.Describe(recorded);
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Id, StringComparer.Ordinal, cancellationToken);

        var (people, errors) = PeopleImportValidator.Validate(rows, known, units);
        if (errors.Count > 0)
        {
            return ImportReport.Failed(errors);
        }

        try
        {
            var report = await ApplyAsync(people, recorded, numberById, cancellationToken);
            logger.LogInformation(
                "People import applied: {Added} added, {Updated} updated, {LeaderChanges} leader changes, {Unchanged} unchanged",
                report.Added.Count, report.Updated.Count, report.LeaderChanges.Count, report.Unchanged);
            return report;
        }
        catch (DbUpdateException exception)
        {
            // Someone else changed the same people meanwhile; the transaction has rolled back.
            logger.LogWarning(exception, "People import rolled back on a concurrent change");
            db.ChangeTracker.Clear();
            return ImportReport.Failed([new ImportMessage(null, "Import.Error.ConcurrentChange")]);
        }
    }

    private async Task<ImportReport> ApplyAsync(
        IReadOnlyList<ValidatedPerson> people,
        List<Person> recorded,
        Dictionary<int, string> numberById,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var byNumber = recorded.ToDictionary(p => p.EmployeeNumber, StringComparer.Ordinal);
        var accounts = await db.Users.Where(u => u.PersonId != null).ToDictionaryAsync(u => u.PersonId!.Value, cancellationToken);
        var (jobGroups, newJobGroups) = await EnsureJobGroupsAsync(people, cancellationToken);
        // New job groups need their ids before people can refer to them.
        await db.SaveChangesAsync(cancellationToken);

        var added = new HashSet<Person>();
        var updated = new List<PersonChange>();
        foreach (var incoming in people)
        {
            var row = incoming.Row;
            var jobGroupId = row.JobGroup is null ? (int?)null : jobGroups[row.JobGroup].Id;
            if (!byNumber.TryGetValue(row.EmployeeNumber, out var person))
            {
                person = new Person { EmployeeNumber = row.EmployeeNumber, Name = row.Name, Email = incoming.Email };
                db.People.Add(person);
                byNumber[row.EmployeeNumber] = person;
                added.Add(person);
            }

            var changed = new List<string>();
            void Set<T>(T current, T value, Action<T> assign, string field)
            {
                if (!EqualityComparer<T>.Default.Equals(current, value))
                {
                    assign(value);
                    changed.Add(field);
                }
            }

            Set(person.Name, row.Name, v => person.Name = v, "Field.Name");
            Set(person.Email, incoming.Email, v => person.Email = v, "Field.Email");
            Set(person.JobTitle, row.JobTitle, v => person.JobTitle = v, "Field.JobTitle");
            Set(person.JobGroupId, jobGroupId, v => person.JobGroupId = v, "Field.JobGroup");
            Set(person.OrgUnitId, incoming.UnitId, v => person.OrgUnitId = v, "Field.Unit");
            Set(person.EmploymentStart, incoming.EmploymentStart, v => person.EmploymentStart = v, "Field.EmploymentStart");
            if (changed.Count > 0 && person.Id != 0)
            {
                updated.Add(new PersonChange(person.EmployeeNumber, person.Name, changed));
            }
        }

        // Leaders are set once everyone has an id, since a file may name a leader on a later line.
        await db.SaveChangesAsync(cancellationToken);
        var leaderChanges = new List<LeaderChange>();
        foreach (var incoming in people)
        {
            var person = byNumber[incoming.Row.EmployeeNumber];
            var leaderId = incoming.Row.LeaderNumber is string number ? byNumber[number].Id : (int?)null;
            if (person.LeaderId == leaderId)
            {
                continue;
            }

            if (!added.Contains(person))
            {
                var former = person.LeaderId is int formerId ? numberById[formerId] : null;
                leaderChanges.Add(new LeaderChange(person.Id, person.EmployeeNumber, person.Name, person.LeaderId, former, incoming.Row.LeaderNumber));
            }

            person.AssignLeader(leaderId);
        }

        foreach (var person in added)
        {
            db.Users.Add(NewAccount(person));
        }

        foreach (var change in updated.Where(c => c.Fields.Contains("Field.Email")))
        {
            var person = byNumber[change.EmployeeNumber];
            if (accounts.TryGetValue(person.Id, out var account))
            {
                SetAccountEmail(account, person.Email);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var change in leaderChanges)
        {
            await onLeaderChange.ApplyAsync(change.PersonId, byNumber[change.EmployeeNumber].LeaderId, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ImportReport
        {
            Added = added.Select(p => p.EmployeeNumber).Order(StringComparer.Ordinal).ToList(),
            Updated = updated,
            LeaderChanges = leaderChanges,
            NewJobGroups = newJobGroups,
            Unchanged = people.Count - added.Count - updated.Select(c => c.EmployeeNumber).Union(leaderChanges.Select(c => c.EmployeeNumber)).Count(),
        };
    }

    private async Task<(Dictionary<string, JobGroup> ByName, List<string> Created)> EnsureJobGroupsAsync(
        IReadOnlyList<ValidatedPerson> people, CancellationToken cancellationToken)
    {
        var groups = await db.JobGroups.ToDictionaryAsync(g => g.Name, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var created = new List<string>();
        foreach (var name in people.Select(p => p.Row.JobGroup).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!groups.ContainsKey(name))
            {
                var group = new JobGroup { Name = name };
                db.JobGroups.Add(group);
                groups[name] = group;
                created.Add(name);
            }
        }

        return (groups, created);
    }

    private AppUser NewAccount(Person person)
    {
        var account = new AppUser { Person = person, SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = true, EmailConfirmed = true };
        SetAccountEmail(account, person.Email);
        return account;
    }

    // Going through UserManager would cost several queries per person; a 10,000-line file would take minutes.
    private void SetAccountEmail(AppUser account, string email)
    {
        account.UserName = account.Email = email;
        account.NormalizedUserName = account.NormalizedEmail = normalizer.NormalizeEmail(email);
    }
}
