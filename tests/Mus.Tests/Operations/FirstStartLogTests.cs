using Mus.Tests.Infrastructure;

namespace Mus.Tests.Operations;

/// <summary>
/// An operator's first start on an empty database logs no warning and no error: anything there must mean
/// something. On both databases.
/// </summary>
public sealed class FirstStartLogTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AFirstStart_OnAnEmptyDatabase_LogsNoWarningOrError(string provider)
    {
        await using var app = await MusApp.StartAsync(provider, demo: false);

        // The start was logged (its information lines are there), and none of it above information.
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Information ", StringComparison.Ordinal));
        var loud = app.Logs.Lines.Where(line => line.Split(' ')[0] is "Warning" or "Error" or "Critical").ToList();
        Assert.True(loud.Count == 0, string.Join("\n", loud));
    }
}
