namespace Mus.Web.Infrastructure.Reminders;

/// <summary>The <c>Reminders</c> configuration section. The days themselves are set per round by HR.</summary>
public sealed class ReminderOptions : Settings.ISettings
{
    public const string Section = "Reminders";

    /// <summary>How often the scan runs; it only ever sends what is due and not yet sent.</summary>
    public double IntervalHours { get; set; } = 1;

    public bool Enabled { get; set; } = true;

    public IEnumerable<string> Problems()
    {
        if (IntervalHours <= 0)
        {
            yield return $"{Section}:IntervalHours must be positive.";
        }
    }
}
