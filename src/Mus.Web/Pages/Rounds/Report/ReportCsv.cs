using System.Globalization;
using CsvHelper;
using Mus.Web.Domain.Statistics;

namespace Mus.Web.Pages.Rounds.Report;

/// <summary>
/// Every group of the report that may be shown, a line per figure: group, people, section, item, count
/// and of how many. Semicolons and a BOM as Danish Excel opens them; a cell that starts like a formula
/// is escaped (a unit or theme named "=HYPERLINK(…)" stays text). Never a person.
/// </summary>
public static class ReportCsv
{
    public static byte[] Write(RoundReport report, IReadOnlyList<IndexModel.Option> groups, ReportLabels labels, IStringLocalizer<Text> text)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Rounds.ProgressCsv.Spreadsheet, true))
        {
            csv.WriteRecord([.. new[] { "Report.Csv.Group", "Report.Csv.People", "Report.Csv.Section", "Report.Csv.Item", "Report.Csv.Count", "Report.Csv.Of" }.Select(header => text[header].Value)]);
            foreach (var group in groups.Where(g => g.Reason == Suppression.None))
            {
                var sections = new ReportSections(report.For(group.Key)!, null, labels, text);
                var people = sections.Now.People.ToString(CultureInfo.InvariantCulture);
                void Line(string section, string item, int count, int? of) =>
                    csv.WriteRecord([group.Label, people, text[section].Value, item, count.ToString(CultureInfo.InvariantCulture), of?.ToString(CultureInfo.InvariantCulture) ?? ""]);

                foreach (var row in sections.Overview)
                {
                    Line("Report.Overview", row.Label, row.Count, row.Of);
                }

                if (sections.GoesFurther is int further)
                {
                    Line("Report.Overview", text["Report.GoesFurther"], further, null);
                }
                foreach (var row in sections.Agenda)
                {
                    Line("Report.Agenda", row.Label, row.Count, row.Of);
                }

                foreach (var row in sections.BelowStandard)
                {
                    Line("Report.BelowStandard", row.Label, row.Count, row.Of);
                }

                foreach (var scale in sections.Evaluation)
                {
                    for (var value = 1; value <= 5; value++)
                    {
                        Line("Report.Evaluation", $"{scale.Label}: {value}", scale.Answers[value - 1], scale.Answered);
                    }
                }

                foreach (var row in sections.ActionKinds)
                {
                    Line("Report.ActionKinds", row.Label, row.Count, row.Of);
                }
            }
        }

        return buffer.ToArray();
    }
}
