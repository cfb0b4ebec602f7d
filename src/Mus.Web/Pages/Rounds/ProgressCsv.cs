using System.Globalization;
using CsvHelper;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Rounds;

/// <summary>
/// A round's status as a CSV file for HR's own follow-up in a spreadsheet: who, unit, leader, state,
/// whether each party's preparation is ready, and the time set. Never content. Semicolons and a BOM,
/// as Danish Excel opens them; a cell that starts like a formula (=, +, -, @, tab) is escaped, so a
/// name cannot become a formula in HR's spreadsheet.
/// </summary>
public static class ProgressCsv
{
    /// <summary>How MUS writes every CSV for HR's spreadsheets (the round report's too): semicolons, a BOM, formula cells escaped.</summary>
    public static CsvWriterOptions Spreadsheet { get; } = CsvWriterOptions.Default with
    {
        Separator = ';',
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static async Task<byte[]> WriteAsync(AppDbContext db, int roundId, IStringLocalizer<Text> text)
    {
        var rows = await db.Conversations.AsNoTracking()
            .Where(c => c.RoundId == roundId)
            .OrderBy(c => c.Employee!.Name).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Employee!.EmployeeNumber,
                Employee = c.Employee.Name,
                Unit = c.Employee.OrgUnit!.Name,
                Leader = c.Leader!.Name,
                c.Status,
                EmployeeReady = c.Parts.Any(p => p.Kind == PartKind.EmployeePreparation && p.ReadyAt != null),
                LeaderReady = c.Parts.Any(p => p.Kind == PartKind.LeaderPreparation && p.ReadyAt != null),
                c.ScheduledStart,
            })
            .ToListAsync();

        using var buffer = new MemoryStream();
        await using (var csv = CsvWriter.Create(buffer, Spreadsheet, true))
        {
            csv.WriteRecord([.. new[] { "Field.EmployeeNumber", "Rounds.Employee", "Field.Unit", "Field.Leader", "Start.Leader.Status", "Rounds.EmployeeReady", "Rounds.LeaderReady", "Start.Leader.When" }.Select(header => text[header].Value)]);
            foreach (var row in rows)
            {
                csv.WriteRecord(
                [
                    row.EmployeeNumber,
                    row.Employee,
                    row.Unit,
                    row.Leader,
                    text["Status." + row.Status].Value,
                    text[row.EmployeeReady ? "Common.Yes" : "Common.No"].Value,
                    text[row.LeaderReady ? "Common.Yes" : "Common.No"].Value,
                    row.ScheduledStart is { } start ? DanishTime.ToLocal(start).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
                ]);
            }
        }

        return buffer.ToArray();
    }
}
