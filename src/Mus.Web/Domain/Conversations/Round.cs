using Mus.Web.Domain.Templates;

namespace Mus.Web.Domain.Conversations;

/// <summary>A yearly MUS round opened by HR: one conversation per employee in the units in scope.</summary>
public class Round : IVersioned
{
    public const int NameMaxLength = 200;
    public const int FocusMaxLength = 4000;
    public const int OrientationMaxLength = 8000;

    /// <summary>Reminder offsets a round gets unless HR chooses others: days before the preparation deadline, and before the conversation deadline for a leader without a time.</summary>
    public static readonly int[] DefaultPreparationReminderDays = [7, 2];
    public static readonly int[] DefaultSchedulingReminderDays = [7];

    public int Id { get; set; }

    public required string Name { get; set; }

    public int Year { get; set; }

    public int TemplateVersionId { get; set; }

    public TemplateVersion? TemplateVersion { get; set; }

    public string? FocusText { get; set; }

    /// <summary>HR's word to everyone in the round: what MUS is this year, why, and where the organisation's policies are.</summary>
    public string? Orientation { get; set; }

    /// <summary>When false (the default), an employee may say no thanks to the conversation; HR can make a round mandatory.</summary>
    public bool Mandatory { get; set; }

    /// <summary>Days before the preparation deadline at which whoever is not ready is reminded.</summary>
    public int[] PreparationReminderDays { get; set; } = [.. DefaultPreparationReminderDays];

    /// <summary>Days before the conversation deadline at which a leader without a time is reminded.</summary>
    public int[] SchedulingReminderDays { get; set; } = [.. DefaultSchedulingReminderDays];

    public List<RoundMaterial> Materials { get; } = [];

    public DateOnly PreparationDeadline { get; set; }

    public DateOnly ConversationDeadline { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public List<RoundUnit> Units { get; } = [];

    public long Version { get; set; }

    /// <summary>The rules for the dates of a new round; <paramref name="today"/> is the organisation's date.</summary>
    public static void CheckDates(DateOnly preparationDeadline, DateOnly conversationDeadline, DateOnly today)
    {
        if (preparationDeadline < today)
        {
            throw new DomainException("Rounds.Error.DeadlineInPast");
        }

        if (conversationDeadline < preparationDeadline)
        {
            throw new DomainException("Rounds.Error.ConversationBeforePreparation");
        }
    }
}

/// <summary>
/// Reads HR's reminder days ("7, 2"): whole days from 0 to 90, at most five, largest first. Null when
/// the text is not such a list, so the page can say so.
/// </summary>
public static class ReminderDays
{
    /// <summary>The most days before a deadline a reminder can be set to.</summary>
    public const int Furthest = 90;

    public static int[]? Parse(string? text)
    {
        var days = new SortedSet<int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var item in (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var day) || day > Furthest)
            {
                return null;
            }

            days.Add(day);
        }

        return days.Count <= 5 ? [.. days] : null;
    }

    public static string Format(IEnumerable<int> days) => string.Join(", ", days);
}

/// <summary>A unit whose people are in a round (sub-units are stored too, when they were included).</summary>
public class RoundUnit
{
    public int RoundId { get; set; }

    public int OrgUnitId { get; set; }
}
