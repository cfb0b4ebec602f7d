using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Pages.Conversations;

/// <summary>The start a meeting form (the conversation's, a follow-up's) sent, read as Danish time.</summary>
public static class MeetingStart
{
    /// <summary>
    /// The time in Danish time, and the message key saying why it is no time at all: a year far outside
    /// any round's reach (a typo such as 0202) would not convert, and the hour skipped when summer time
    /// starts does not exist. A time that names its zone is that instant.
    /// </summary>
    public static (DateTime? Local, string? RefusalKey) Read(DateTime? sent) => sent is not { } typed
        ? (null, null)
        : DanishTime.FromForm(typed) switch
        {
            { Year: < 2000 } local => (local, "Schedule.Error.InThePast"),
            { Year: > 2100 } local => (local, "Schedule.Error.TooFar"),
            var local when DanishTime.Zone.IsInvalidTime(local) => (local, "Schedule.Error.NoSuchTime"),
            var local => (local, null),
        };
}
