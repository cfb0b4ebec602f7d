using System.Text.Json;

namespace Mus.Tests.Calendar;

/// <summary>
/// A second, independent reading of an .ics: npm's ical.js under node (tests/Mus.Tests/Calendar/icaljs,
/// installed by the test script). What it reports is compared with what Ical.Net read.
/// </summary>
public static class IcalJs
{
    public sealed record Event(string Uid, int Sequence, string? Status, string? Summary, string? Location, bool AllDay, string Start, string? End, string? Zone);

    public sealed record Reading(string? Method, IReadOnlyList<Event> Events);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string Folder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Mus.Tests", "Calendar", "icaljs");
            if (File.Exists(Path.Combine(candidate, "parse.mjs")))
            {
                return File.Exists(Path.Combine(candidate, "node_modules", "ical.js", "package.json"))
                    ? candidate
                    : throw new InvalidOperationException($"ical.js is not installed in {candidate}: scripts/test.sh runs npm ci there.");
            }
        }

        throw new InvalidOperationException("tests/Mus.Tests/Calendar/icaljs was not found above the test assembly.");
    }

    public static async Task<Reading> ReadAsync(string ics)
    {
        var folder = Folder();
        var read = await Infrastructure.Processes.Tool.RunAsync("node", ["parse.mjs"], TimeSpan.FromMinutes(1), input: ics, workingDirectory: folder);
        Assert.True(read.ExitCode == 0, $"ical.js could not read the calendar: {read.Errors}");
        return JsonSerializer.Deserialize<Reading>(read.Output, Json)!;
    }
}
