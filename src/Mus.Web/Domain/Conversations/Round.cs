using Mus.Web.Domain.Templates;

namespace Mus.Web.Domain.Conversations;

/// <summary>A yearly MUS round opened by HR: one conversation per employee in the units in scope.</summary>
public class Round : IVersioned
{
    public const int NameMaxLength = 200;
    public const int FocusMaxLength = 4000;

    public int Id { get; set; }

    public required string Name { get; set; }

    public int Year { get; set; }

    public int TemplateVersionId { get; set; }

    public TemplateVersion? TemplateVersion { get; set; }

    public string? FocusText { get; set; }

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

/// <summary>A unit whose people are in a round (sub-units are stored too, when they were included).</summary>
public class RoundUnit
{
    public int RoundId { get; set; }

    public int OrgUnitId { get; set; }
}
