namespace Mus.Web.Infrastructure.Email;

/// <summary>
/// The <c>Mail</c> configuration section. Without <see cref="SmtpHost"/>, mail is written as
/// .eml files to <see cref="PickupDirectory"/> (default <c>data/mail</c>).
/// </summary>
public sealed class MailOptions
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
}
