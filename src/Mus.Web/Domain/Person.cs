using System.Linq.Expressions;

namespace Mus.Web.Domain;

/// <summary>Someone employed in the organisation. Everyone is an employee; a person with direct reports is also a leader.</summary>
public class Person : IVersioned
{
    public const int EmployeeNumberMaxLength = 40;
    public const int NameMaxLength = 200;
    public const int EmailMaxLength = 254;
    public const int JobTitleMaxLength = 200;

    public int Id { get; set; }

    public required string EmployeeNumber { get; set; }

    public required string Name { get; set; }

    /// <summary>Stored lower-case: e-mail addresses are compared without regard to case.</summary>
    public required string Email { get; set; }

    public string? JobTitle { get; set; }

    public int? JobGroupId { get; set; }

    public JobGroup? JobGroup { get; set; }

    public int OrgUnitId { get; set; }

    public OrgUnit? OrgUnit { get; set; }

    public int? LeaderId { get; set; }

    public Person? Leader { get; set; }

    public DateOnly? EmploymentStart { get; set; }

    /// <summary>The language mails to this person are written in: "da" (the default) or "en", as last chosen with the language switch.</summary>
    public string Language { get; set; } = DanishLanguage;

    public const string DanishLanguage = "da";

    /// <summary>Reminders in one mail on Mondays instead of on the day each falls due (the person's choice on their profile).</summary>
    public bool WeeklyDigest { get; set; }

    /// <summary>No reminder mails at all: chosen on the profile, or with the unsubscribe button of a reminder mail. Invitations still come.</summary>
    public bool ReminderMailsOff { get; set; }

    public const string EnglishLanguage = "en";

    /// <summary>SHA-256 (hex) of the secret in the person's calendar feed address; null when they have none. The secret itself is shown once.</summary>
    public string? CalendarFeedHash { get; set; }

    public DateTimeOffset? CalendarFeedCreatedAt { get; set; }

    /// <summary>The directory's own id for the person (SCIM <c>externalId</c>), when provisioned by SCIM.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The directory's sign-in name (SCIM <c>userName</c>), stored lower-case, where it is not the e-mail address.</summary>
    public string? DirectoryUserName { get; set; }

    public const int ExternalIdMaxLength = 200;

    /// <summary>The userName as the directory spelled it, where that differs from the lower-case form kept for matching.</summary>
    public string? DirectoryUserNameSpelling { get; set; }

    /// <summary>The given name as the directory sends it (SCIM <c>name.givenName</c>); null when set in MUS.</summary>
    public string? GivenName { get; set; }

    /// <summary>The family name as the directory sends it (SCIM <c>name.familyName</c>); null when set in MUS.</summary>
    public string? FamilyName { get; set; }

    /// <summary>
    /// When the directory deleted the person (SCIM DELETE): from then on SCIM answers 404 for them, as
    /// RFC 7644 §3.6 asks, while the person and their conversations stay under the retention rules.
    /// </summary>
    public DateTimeOffset? DirectoryDeletedAt { get; set; }

    public long Version { get; set; }

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The person someone means by typing an employee number or an e-mail address into a form.</summary>
    public static Expression<Func<Person, bool>> ByNumberOrEmail(string typed)
    {
        var number = typed.Trim();
        var email = NormaliseEmail(typed);
        return p => p.EmployeeNumber == number || p.Email == email;
    }

    /// <summary>A name given in MUS (HR's edit, the import): the directory's parts no longer add up to it, so they go.</summary>
    public void Rename(string name)
    {
        if (name != Name)
        {
            Name = name;
            GivenName = null;
            FamilyName = null;
        }
    }

    /// <summary>Sets the leader; nobody can lead themselves. Longer cycles are checked where the whole tree is known.</summary>
    public void AssignLeader(int? leaderId)
    {
        if (leaderId is not null && leaderId == Id && Id != 0)
        {
            throw new DomainException("Error.LeaderIsSelf");
        }

        LeaderId = leaderId;
    }
}
