using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Mus.Web.Pages.Organisation.Import;

/// <summary>
/// Checks every row of a people file against itself and against the people already recorded,
/// and reports every problem with its line, so that a file is fixed in one go.
/// </summary>
public static class PeopleImportValidator
{
    /// <summary>What the validator needs to know of someone already recorded.</summary>
    public sealed record KnownPerson(string EmployeeNumber, string Email, string? LeaderNumber);

    public static List<KnownPerson> Describe(IReadOnlyCollection<Person> recorded)
    {
        var numberById = recorded.ToDictionary(p => p.Id, p => p.EmployeeNumber);
        return recorded.Select(p => new KnownPerson(p.EmployeeNumber, p.Email, p.LeaderId is int id ? numberById[id] : null)).ToList();
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d-M-yyyy", "d.M.yyyy", "d/M/yyyy"];
    private static readonly EmailAddressAttribute EmailFormat = new();

    public static (IReadOnlyList<ValidatedPerson> People, IReadOnlyList<ImportMessage> Errors) Validate(
        IReadOnlyList<PersonRow> rows,
        IReadOnlyCollection<KnownPerson> known,
        IReadOnlyDictionary<string, int> unitIdsByCode)
    {
        var errors = new List<ImportMessage>();
        var people = new List<ValidatedPerson>();
        var lineByNumber = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineByEmail = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var row in rows)
        {
            var rowErrors = CheckFields(row, unitIdsByCode, out var email, out var start);
            if (row.EmployeeNumber.Length > 0 && !lineByNumber.TryAdd(row.EmployeeNumber, row.Line))
            {
                rowErrors.Add(new ImportMessage(row.Line, "Import.Error.DuplicateNumber", row.EmployeeNumber, lineByNumber[row.EmployeeNumber]));
            }

            if (email.Length > 0 && !lineByEmail.TryAdd(email, row.Line))
            {
                rowErrors.Add(new ImportMessage(row.Line, "Import.Error.DuplicateEmail", email, lineByEmail[email]));
            }

            errors.AddRange(rowErrors);
            if (rowErrors.Count == 0)
            {
                people.Add(new ValidatedPerson(row, email, unitIdsByCode[row.UnitCode], start));
            }
        }

        errors.AddRange(CheckAgainstRecorded(rows, known));
        errors.AddRange(FindLeaderCycles(rows, known));
        return (people, errors.OrderBy(e => e.Line).ToList());
    }

    private static List<ImportMessage> CheckFields(PersonRow row, IReadOnlyDictionary<string, int> units, out string email, out DateOnly? start)
    {
        var errors = new List<ImportMessage>();
        void Require(string value, string column, int maxLength)
        {
            if (value.Length == 0)
            {
                errors.Add(new ImportMessage(row.Line, "Import.Error.Required", column));
            }
            else if (value.Length > maxLength)
            {
                errors.Add(new ImportMessage(row.Line, "Import.Error.TooLong", column, maxLength));
            }
        }

        Require(row.EmployeeNumber, "medarbejdernummer", Person.EmployeeNumberMaxLength);
        Require(row.Name, "navn", Person.NameMaxLength);
        Require(row.UnitCode, "enhed", OrgUnit.CodeMaxLength);
        Require(row.Email, "email", Person.EmailMaxLength);
        if (row.JobTitle?.Length > Person.JobTitleMaxLength)
        {
            errors.Add(new ImportMessage(row.Line, "Import.Error.TooLong", "stilling", Person.JobTitleMaxLength));
        }

        if (row.JobGroup?.Length > JobGroup.NameMaxLength)
        {
            errors.Add(new ImportMessage(row.Line, "Import.Error.TooLong", "jobgruppe", JobGroup.NameMaxLength));
        }

        email = Person.NormaliseEmail(row.Email);
        if (email.Length > 0 && !EmailFormat.IsValid(email))
        {
            errors.Add(new ImportMessage(row.Line, "Import.Error.BadEmail", row.Email));
        }

        if (row.UnitCode.Length > 0 && !units.ContainsKey(row.UnitCode))
        {
            errors.Add(new ImportMessage(row.Line, "Import.Error.UnknownUnit", row.UnitCode));
        }

        start = null;
        if (row.EmploymentStart is not null)
        {
            if (DateOnly.TryParseExact(row.EmploymentStart, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                start = parsed;
            }
            else
            {
                errors.Add(new ImportMessage(row.Line, "Import.Error.BadDate", row.EmploymentStart));
            }
        }

        if (row.LeaderNumber is not null && row.LeaderNumber == row.EmployeeNumber)
        {
            errors.Add(new ImportMessage(row.Line, "Import.Error.LeaderIsSelf"));
        }

        return errors;
    }

    // An e-mail address may move between people within one file, so compare with the people as
    // they will be after the import: the file's rows replace the recorded ones.
    private static IEnumerable<ImportMessage> CheckAgainstRecorded(IReadOnlyList<PersonRow> rows, IReadOnlyCollection<KnownPerson> known)
    {
        var inFile = rows.Select(r => r.EmployeeNumber).ToHashSet(StringComparer.Ordinal);
        var emailOwner = known.Where(k => !inFile.Contains(k.EmployeeNumber)).ToDictionary(k => k.Email, k => k.EmployeeNumber);
        var allNumbers = known.Select(k => k.EmployeeNumber).Concat(inFile).ToHashSet(StringComparer.Ordinal);

        foreach (var row in rows)
        {
            if (emailOwner.TryGetValue(Person.NormaliseEmail(row.Email), out var owner))
            {
                yield return new ImportMessage(row.Line, "Import.Error.EmailTaken", row.Email, owner);
            }

            if (row.LeaderNumber is not null && !allNumbers.Contains(row.LeaderNumber))
            {
                yield return new ImportMessage(row.Line, "Import.Error.UnknownLeader", row.LeaderNumber);
            }
        }
    }

    // Each person has at most one leader, so following leaders from anyone either ends at the top
    // or runs into a loop; walk from every person once and report each loop on the lines that make it.
    private static IEnumerable<ImportMessage> FindLeaderCycles(IReadOnlyList<PersonRow> rows, IReadOnlyCollection<KnownPerson> known)
    {
        var leaderOf = known.ToDictionary(k => k.EmployeeNumber, k => k.LeaderNumber, StringComparer.Ordinal);
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.EmployeeNumber.Length > 0))
        {
            leaderOf[row.EmployeeNumber] = row.LeaderNumber;
            lineOf.TryAdd(row.EmployeeNumber, row.Line);
        }

        var finished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in lineOf.Keys)
        {
            var path = new List<string>();
            var onPath = new HashSet<string>(StringComparer.Ordinal);
            for (string? current = start; current is not null && !finished.Contains(current); current = leaderOf.GetValueOrDefault(current))
            {
                if (!onPath.Add(current))
                {
                    var loop = path.Skip(path.IndexOf(current)).Append(current).ToList();
                    // Leading oneself is reported as such by the field checks.
                    var description = string.Join(" → ", loop);
                    foreach (var member in loop.Distinct().Where(lineOf.ContainsKey).Where(_ => loop.Count > 2))
                    {
                        yield return new ImportMessage(lineOf[member], "Import.Error.LeaderCycle", description);
                    }

                    break;
                }

                path.Add(current);
            }

            finished.UnionWith(path);
        }
    }
}
