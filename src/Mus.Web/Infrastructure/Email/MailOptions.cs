namespace Mus.Web.Infrastructure.Email;

/// <summary>
/// The <c>Mail</c> configuration section. Without <see cref="SmtpHost"/>, mail is written as
/// .eml files to <see cref="PickupDirectory"/> (default <c>data/mail</c>).
/// </summary>
public sealed class MailOptions : Settings.ISettings
{
    public const string Section = "Mail";

    public string From { get; set; } = "mus@example.invalid";

    public string FromName { get; set; } = "MUS";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary>STARTTLS when the server offers it; <c>false</c> only for a local test server.</summary>
    public bool SmtpUseTls { get; set; } = true;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    public string? PickupDirectory { get; set; }

    /// <summary>Attempts before a mail is given up on and shown to the administrator (waits grow from 30 s, doubling, up to an hour).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How often the outbox is looked at when nothing nudges it.</summary>
    public double DispatchSeconds { get; set; } = 5;

    /// <summary>False stops the dispatcher (mails wait in the outbox); tests that look at the outbox itself turn it off.</summary>
    public bool DispatchEnabled { get; set; } = true;

    public IEnumerable<string> Problems()
    {
        if (MaxAttempts < 1)
        {
            yield return $"{Section}:MaxAttempts must be positive.";
        }

        if (DispatchSeconds <= 0)
        {
            yield return $"{Section}:DispatchSeconds must be positive.";
        }
    }
}
