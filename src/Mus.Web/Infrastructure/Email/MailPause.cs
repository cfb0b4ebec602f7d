namespace Mus.Web.Infrastructure.Email;

/// <summary>
/// While this row exists, no instance sends mail: it waits in the outbox (an administrator's brake,
/// e.g. while a test import or a wrong round is put right). Resuming sends what waited.
/// </summary>
public class MailPause
{
    public const int OnlyId = 1;

    public int Id { get; set; } = OnlyId;

    /// <summary>UTC.</summary>
    public DateTime PausedAt { get; set; }

    public string? PausedByUserId { get; set; }
}
