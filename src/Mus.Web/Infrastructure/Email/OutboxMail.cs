namespace Mus.Web.Infrastructure.Email;

/// <summary>
/// A mail waiting to go, written in the same transaction as the change that causes it and sent by
/// the <see cref="OutboxDispatcher"/>. Mails carry links and dates, never conversation content; once
/// sent, the bodies are erased (a reset link is a key to an account) and only the record remains; a
/// reset mail given up on is erased too.
/// </summary>
public class OutboxMail
{
    public const int AddressMaxLength = 254;
    public const int PurposeMaxLength = 40;
    public const int ErrorMaxLength = 500;

    /// <summary>A reset mail's link opens the account: given up on, it is erased rather than kept for a retry (the person asks again).</summary>
    public const string PasswordResetPurpose = "password-reset";

    /// <summary>
    /// What a bulk write fills (a round's opening mails, the reminder scan), in this order: the rest keep
    /// their defaults (nothing sent, no lease).
    /// </summary>
    public static readonly string[] BulkColumns = [nameof(To), nameof(Subject), nameof(TextBody), nameof(Language), nameof(MessageId), nameof(Purpose), nameof(RoundId), nameof(CreatedAt), nameof(NextAttemptAt), nameof(Attempts)];

    public long Id { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    /// <summary>The recipient's language ("da", "en"): the HTML part is made from the text in it when the mail is composed.</summary>
    public string Language { get; set; } = Domain.Person.DanishLanguage;

    /// <summary>An iCalendar invitation (or cancellation) sent with the mail; null for none.</summary>
    public string? Calendar { get; set; }

    /// <summary>The invitation's METHOD (REQUEST or CANCEL), also put on its content type for mail clients.</summary>
    public string? CalendarMethod { get; set; }

    /// <summary>
    /// For a reminder or a digest: where the mail client's unsubscribe button posts (RFC 8058), a link
    /// that turns the person's reminder mails off without signing in. Erased with the body once sent.
    /// </summary>
    public string? UnsubscribeUrl { get; set; }

    /// <summary>Chosen once, kept for every attempt, so that a retry is the same mail to the recipient's server, never a second.</summary>
    public required string MessageId { get; set; }

    /// <summary>What kind of mail it is ("password-reset", …), for the administrator and the logs.</summary>
    public required string Purpose { get; set; }

    /// <summary>The round the mail is about, when it is about one: HR's round page counts the mails that could not be delivered.</summary>
    public int? RoundId { get; set; }

    /// <summary>UTC, as are the other times.</summary>
    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>Given up on after too many attempts, or at once when the address cannot be a mail address.</summary>
    public DateTime? DeadAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>The instance that is sending it, until <see cref="LeaseUntil"/>; then anyone may take it again.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>A new mail for the outbox, due at once.</summary>
    public static OutboxMail Create(string to, string subject, string textBody, string language, string purpose, DateTime now, string domain) => new()
    {
        To = to,
        Subject = subject,
        TextBody = textBody,
        Language = language,
        Purpose = purpose,
        MessageId = $"{Guid.NewGuid():N}@{domain}",
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
