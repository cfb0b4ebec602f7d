namespace Mus.Web.Infrastructure.Localization;

/// <summary>
/// Times are stored in UTC and shown, and typed, in Danish time: the organisation's own clock,
/// whatever the server's zone is.
/// </summary>
public static class DanishTime
{
    public const string ZoneId = "Europe/Copenhagen";

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public static DateTimeOffset ToUtc(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);

    /// <summary>
    /// A time as a form sent it: as written, Danish time; but one that names its zone (a "Z" or an offset,
    /// which the binder turns into UTC) is that instant, in Danish time.
    /// </summary>
    public static DateTime FromForm(DateTime typed) =>
        typed.Kind == DateTimeKind.Unspecified ? typed : ToLocal(new DateTimeOffset(typed.ToUniversalTime(), TimeSpan.Zero));

    public static DateTime ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone).DateTime;

    public static string Format(DateTimeOffset utc) => ToLocal(utc).ToString("f");

    /// <summary>The date it is in Denmark now: deadlines and follow-up dates are Danish days.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToLocal(time.GetUtcNow()));
}
