using CsvHelper;

namespace Mus.Web.Pages.Organisation.Import;

/// <summary>
/// Reads the people file: a header line, then one person per line, separated by semicolons or
/// commas. Column names may be Danish or English and come in any order.
/// </summary>
public static class PeopleCsvReader
{
    private sealed record Column(string Field, bool Required, params string[] Names);

    private static readonly Column[] Columns =
    [
        new("EmployeeNumber", true, "medarbejdernummer", "medarbejdernr", "employee_number", "employeenumber"),
        new("Name", true, "navn", "name"),
        new("Email", true, "email", "e-mail", "mail"),
        new("JobTitle", false, "stilling", "stillingsbetegnelse", "job_title", "jobtitle"),
        new("JobGroup", false, "jobgruppe", "faggruppe", "job_group", "jobgroup"),
        new("Unit", true, "enhed", "unit"),
        new("Leader", false, "leder", "leder_medarbejdernummer", "leader", "leader_employee_number"),
        new("EmploymentStart", false, "ansat", "ansættelsesdato", "employment_start", "employmentstart"),
    ];

    public static (IReadOnlyList<PersonRow> Rows, IReadOnlyList<ImportMessage> Errors) Read(string text)
    {
        // The separator is detected from the first lines (Danish Excel writes semicolons, most other tools commas).
        var options = CsvReaderOptions.Default with
        {
            TrimWhitespace = true,
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
        };

        using var csv = CsvReader.FromText(text, options);
        var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (header.Length == 0)
        {
            return ([], [new ImportMessage(null, "Import.Error.EmptyFile")]);
        }

        var index = new Dictionary<string, int>();
        var errors = new List<ImportMessage>();
        foreach (var column in Columns)
        {
            var position = Array.FindIndex(header, h => column.Names.Contains(h));
            if (position >= 0)
            {
                index[column.Field] = position;
            }
            else if (column.Required)
            {
                errors.Add(new ImportMessage(1, "Import.Error.MissingColumn", column.Names[0]));
            }
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var rows = new List<PersonRow>();
        while (csv.Read())
        {
            string? Field(string name) =>
                index.TryGetValue(name, out var i) && csv.GetString(i) is { } value && !string.IsNullOrWhiteSpace(value)
                    ? value.Trim()
                    : null;

            rows.Add(new PersonRow(
                (int)csv.LineNumber,
                Field("EmployeeNumber") ?? "",
                Field("Name") ?? "",
                Field("Email") ?? "",
                Field("JobTitle"),
                Field("JobGroup"),
                Field("Unit") ?? "",
                Field("Leader"),
                Field("EmploymentStart")));
        }

        return (rows, []);
    }
}
