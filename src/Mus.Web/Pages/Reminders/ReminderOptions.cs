namespace Mus.Web.Pages.Reminders;

/// <summary>The <c>Reminders</c> configuration section.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>Days before the preparation deadline on which whoever has not marked their preparation ready is reminded.</summary>
    public int[] PreparationDays { get; set; } = [7, 2];

    /// <summary>Days before the conversation deadline on which a leader without a time for it is reminded.</summary>
    public int SchedulingDays { get; set; } = 7;

    /// <summary>How often the scan runs; it only ever sends what is due and not yet sent.</summary>
    public double IntervalHours { get; set; } = 1;

    public bool Enabled { get; set; } = true;
}
