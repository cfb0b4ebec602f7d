using System.Globalization;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Tests.Infrastructure;

/// <summary>
/// The tests' "today". Every test application runs on <see cref="Default"/>, and tests take their own dates
/// from it too, so the application and the test never disagree about the day. It is real time, or with
/// <c>MUS_TEST_DATE=yyyy-MM-dd</c> real time moved to that day (the clock keeps running from there), so the
/// whole suite can be run as on any day: <c>MUS_TEST_DATE=2027-03-09 bash scripts/test.sh</c>. Choose a day
/// ahead of the real one: cookies a browser keeps are dated by the application's clock.
/// A test whose outcome depends on the weekday or the date sets a clock of its own (<see cref="RunningFrom"/>,
/// or a <c>FakeTimeProvider</c> at <see cref="At"/>).
/// </summary>
public static class TestClock
{
    public const string Variable = "MUS_TEST_DATE";

    public static readonly TimeProvider Default = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } date
        ? RunningFrom(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture), TimeOnly.FromDateTime(DanishTime.ToLocal(DateTimeOffset.UtcNow)))
        : TimeProvider.System;

    public static DateTimeOffset UtcNow => Default.GetUtcNow();

    /// <summary>The Danish date it is now on the tests' clock.</summary>
    public static DateOnly Today => DanishTime.Today(Default);

    /// <summary>The start of <see cref="Today"/>, for a test that types a local date and time into a form.</summary>
    public static DateTime Midnight => Today.ToDateTime(TimeOnly.MinValue);

    /// <summary>The instant it is <paramref name="time"/> Danish time on <paramref name="day"/>.</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time) => DanishTime.ToUtc(day.ToDateTime(time));

    /// <summary>A clock that runs in real time from <paramref name="time"/> Danish time on <paramref name="day"/>; its timers are real.</summary>
    public static TimeProvider RunningFrom(DateOnly day, TimeOnly time) => new MovedClock(At(day, time) - DateTimeOffset.UtcNow);

    /// <summary>The first <paramref name="weekday"/> after the tests' today (a week on when today is one).</summary>
    public static DateOnly Next(DayOfWeek weekday)
    {
        var day = Today.AddDays(1);
        while (day.DayOfWeek != weekday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>Real time moved by a fixed amount: what it reports is the system's time plus the move, timers and stopwatches are the system's.</summary>
    private sealed class MovedClock(TimeSpan move) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + move;
    }
}
