using Microsoft.AspNetCore.Identity;
using Mus.Web.Pages.Conversations;

namespace Mus.Web.Pages.Organisation.Import;

/// <summary>
/// Imports a people file: validates all of it first, and a file with any bad line changes nothing.
/// A valid file is then written in batches of <see cref="BatchSize"/> people, each batch in a short
/// transaction of its own with a pause after it, so that everyone else's saves (and the records of
/// their reads) get in between even during a 100,000-line import. People are matched by employee
/// number, so importing the same file again finishes an import that a concurrent change stopped
/// partway. Everyone new gets an account without a password, which they set through "forgot
/// password". People missing from the file are left as they are.
/// </summary>
public sealed class PeopleImport(AppDbContext db, ILookupNormalizer normalizer, LeaderChanges onLeaderChange, SessionStamps sessions, AccountAddress addresses, ILogger<PeopleImport> logger)
{
    public const int BatchSize = 1000;

    /// <summary>Long enough for a writer polling SQLite's lock (every 100 ms at most) to take it.</summary>
    private static readonly TimeSpan PauseBetweenBatches = TimeSpan.FromMilliseconds(120);

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

        return await ImportAsync(rows, cancellationToken);
    }

    /// <summary>People described otherwise than by a CSV file (the API's JSON): the same checks, the same all-or-nothing rule.</summary>
    public async Task<ImportReport> ImportAsync(IReadOnlyList<PersonRow> rows, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0)
        {
            return ImportReport.Failed([new ImportMessage(null, "Import.Error.NoRows")]);
        }

        var recorded = await db.People.AsNoTracking().ToListAsync(cancellationToken);
        var known = PeopleImportValidator.Describe(recorded);
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Id, StringComparer.Ordinal, cancellationToken);

        var (people, errors) = PeopleImportValidator.Validate(rows, known, units);
        if (errors.Count > 0)
        {
            return ImportReport.Failed(errors);
        }

        // A file (or the API) never moves an administrator's or HR's account to another address: that is done in MUS.
        var roleHolders = (await db.Users.Where(u => u.PersonId != null && RoleAccounts.Ids(db).Contains(u.Id)).Select(u => u.PersonId!.Value).ToListAsync(cancellationToken)).ToHashSet();
        var roleAddresses = recorded.Where(p => roleHolders.Contains(p.Id)).ToDictionary(p => p.EmployeeNumber, p => p.Email, StringComparer.Ordinal);
        var roleErrors = people.Where(p => roleAddresses.TryGetValue(p.Row.EmployeeNumber, out var email) && email != p.Email)
            .Select(p => new ImportMessage(p.Row.Line, "Import.Error.RoleAccountEmail", p.Row.EmployeeNumber)).ToList();
        if (roleErrors.Count > 0)
        {
            return ImportReport.Failed(roleErrors);
        }

        // Once writing has begun it goes to the end: a browser that gives up waiting does not stop it halfway.
        var progress = new Progress();
        try
        {
            var report = await ApplyAsync(people, recorded, progress);
            logger.LogInformation(
                "People import applied: {Added} added, {Updated} updated, {LeaderChanges} leader changes, {Unchanged} unchanged",
                report.Added.Count, report.Updated.Count, report.LeaderChanges.Count, report.Unchanged);
            return report;
        }
        catch (DbUpdateException exception)
        {
            // Someone else changed the same people meanwhile; the batch being written has rolled back.
            logger.LogWarning(exception, "People import stopped on a concurrent change after {Written} of {Total} people", progress.Written, people.Count);
            db.ChangeTracker.Clear();
            return progress.Written == 0
                ? ImportReport.Failed([new ImportMessage(null, "Import.Error.ConcurrentChange")])
                : new ImportReport { Partial = true, Errors = [new ImportMessage(null, "Import.Error.StoppedPartway", progress.Written, people.Count)] };
        }
        finally
        {
            // Who leads whom may have changed (a new person under a new leader, too): every instance asks again.
            await sessions.AnnounceAsync(db, SessionStamps.Everyone);
        }
    }

    private sealed class Progress
    {
        public int Written { get; set; }
    }

    private async Task<ImportReport> ApplyAsync(IReadOnlyList<ValidatedPerson> people, List<Person> recorded, Progress progress)
    {
        var numberById = recorded.ToDictionary(p => p.Id, p => p.EmployeeNumber);
        var (jobGroups, newJobGroups) = await EnsureJobGroupsAsync(people);

        // First everyone's details (new people get their accounts), then leaders, since a file may
        // name a leader on a later line than the person, or in a later batch.
        var added = new List<string>();
        var updated = new List<PersonChange>();
        foreach (var batch in people.Chunk(BatchSize))
        {
            await InBatchAsync(async () =>
            {
                var numbers = batch.Select(p => p.Row.EmployeeNumber).ToList();
                var tracked = await db.People.Where(p => numbers.Contains(p.EmployeeNumber)).ToDictionaryAsync(p => p.EmployeeNumber, StringComparer.Ordinal);
                var ids = tracked.Values.Select(p => p.Id).ToList();
                var accounts = await db.Users.Where(u => u.PersonId != null && ids.Contains(u.PersonId.Value)).ToDictionaryAsync(u => u.PersonId!.Value);
                var batchAdded = new List<Person>();
                foreach (var incoming in batch)
                {
                    var row = incoming.Row;
                    var jobGroupId = row.JobGroup is null ? (int?)null : jobGroups[row.JobGroup];
                    if (!tracked.TryGetValue(row.EmployeeNumber, out var person))
                    {
                        person = new Person { EmployeeNumber = row.EmployeeNumber, Name = row.Name, Email = incoming.Email };
                        db.People.Add(person);
                        db.Users.Add(NewAccount(person));
                        batchAdded.Add(person);
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

                    Set(person.Name, row.Name, person.Rename, "Field.Name");
                    Set(person.Email, incoming.Email, v => person.Email = v, "Field.Email");
                    Set(person.JobTitle, row.JobTitle, v => person.JobTitle = v, "Field.JobTitle");
                    Set(person.JobGroupId, jobGroupId, v => person.JobGroupId = v, "Field.JobGroup");
                    Set(person.OrgUnitId, incoming.UnitId, v => person.OrgUnitId = v, "Field.Unit");
                    Set(person.EmploymentStart, incoming.EmploymentStart, v => person.EmploymentStart = v, "Field.EmploymentStart");
                    if (changed.Count > 0 && person.Id != 0)
                    {
                        updated.Add(new PersonChange(person.EmployeeNumber, person.Name, changed));
                        // A new address ends the account's sessions (announced with the rest at the end) and is told to the old one.
                        if (changed.Contains("Field.Email") && accounts.TryGetValue(person.Id, out var account))
                        {
                            addresses.Change(account, person.Email, person.Language);
                        }
                    }
                }

                await db.SaveChangesAsync();
                added.AddRange(batchAdded.Select(p => p.EmployeeNumber));
            });
            progress.Written += batch.Length;
        }

        var now = await db.People.AsNoTracking().Select(p => new { p.EmployeeNumber, p.Id, p.LeaderId }).ToDictionaryAsync(p => p.EmployeeNumber, StringComparer.Ordinal);
        var newLeaders = people
            .Select(p => (p.Row.EmployeeNumber, p.Row.LeaderNumber, LeaderId: p.Row.LeaderNumber is string number ? now[number].Id : (int?)null))
            .Where(p => now[p.EmployeeNumber].LeaderId != p.LeaderId)
            .ToList();
        var addedNumbers = added.ToHashSet(StringComparer.Ordinal);
        var leaderChanges = new List<LeaderChange>();
        foreach (var batch in newLeaders.Chunk(BatchSize))
        {
            await InBatchAsync(async () =>
            {
                var ids = batch.Select(p => now[p.EmployeeNumber].Id).ToList();
                var tracked = await db.People.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
                var changes = new List<LeaderChange>();
                foreach (var (number, leaderNumber, leaderId) in batch)
                {
                    var person = tracked[now[number].Id];
                    if (!addedNumbers.Contains(number))
                    {
                        var former = person.LeaderId is int formerId ? numberById.GetValueOrDefault(formerId) : null;
                        changes.Add(new LeaderChange(person.Id, number, person.Name, person.LeaderId, former, leaderNumber));
                    }

                    person.AssignLeader(leaderId);
                }

                await db.SaveChangesAsync();
                foreach (var change in changes)
                {
                    await onLeaderChange.ApplyAsync(change.PersonId, tracked[change.PersonId].LeaderId);
                }

                leaderChanges.AddRange(changes);
            });
        }

        return new ImportReport
        {
            Added = added.Order(StringComparer.Ordinal).ToList(),
            Updated = updated,
            LeaderChanges = leaderChanges,
            NewJobGroups = newJobGroups,
            Unchanged = people.Count - added.Count - updated.Select(c => c.EmployeeNumber).Union(leaderChanges.Select(c => c.EmployeeNumber)).Count(),
        };
    }

    /// <summary>One batch in a transaction of its own, the change tracker emptied after it, then a pause for others.</summary>
    private async Task InBatchAsync(Func<Task> write)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await write();
            await transaction.CommitAsync();
        }

        db.ChangeTracker.Clear();
        await Task.Delay(PauseBetweenBatches);
    }

    /// <summary>The id of every job group the file names, creating those that are new (in a batch of their own).</summary>
    private async Task<(Dictionary<string, int> IdByName, List<string> Created)> EnsureJobGroupsAsync(IReadOnlyList<ValidatedPerson> people)
    {
        var groups = await db.JobGroups.ToDictionaryAsync(g => g.Name, StringComparer.OrdinalIgnoreCase);
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

        if (created.Count > 0)
        {
            await InBatchAsync(() => db.SaveChangesAsync());
        }

        var ids = groups.ToDictionary(g => g.Key, g => g.Value.Id, StringComparer.OrdinalIgnoreCase);
        db.ChangeTracker.Clear();
        return (ids, created);
    }

    private AppUser NewAccount(Person person)
    {
        var account = new AppUser { Person = person, SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = true, EmailConfirmed = true };
        AccountAddress.Set(account, person.Email, normalizer);
        return account;
    }
}
