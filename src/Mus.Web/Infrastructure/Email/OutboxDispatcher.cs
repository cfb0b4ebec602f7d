using MailKit.Net.Smtp;
using MimeKit;

namespace Mus.Web.Infrastructure.Email;

/// <summary>
/// Sends what the outbox holds. Safe with several instances on one database: a mail is taken by a
/// conditional update that sets a lease (only one instance's update finds it free), sent, then marked
/// sent; a lease left by an instance that died runs out and the mail is taken again, with the same
/// Message-ID. A failed attempt waits 30 s, doubling up to an hour; after <see cref="MailOptions.MaxAttempts"/>,
/// or at once for an address that cannot be one, the mail is a dead letter for the administrator.
/// While an administrator has paused mail (<see cref="MailPause"/>), nothing is sent.
/// See docs/adr/0006-mail-outbox.md.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, MailSender sender, MailOptions options, Telemetry.MusMetrics metrics, TimeProvider time, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 50;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    private readonly string instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly SemaphoreSlim nudged = new(0, 1);

    /// <summary>Something was just added: look now rather than at the next interval (other instances look at theirs).</summary>
    public void Nudge()
    {
        if (nudged.CurrentCount == 0)
        {
            try
            {
                nudged.Release();
            }
            catch (SemaphoreFullException)
            {
                // Nudged by someone else at the same moment: one look serves both.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DispatchEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchDueAsync(stoppingToken) > 0)
                {
                }

                await MeasureAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The database may be away for a moment; the next look tries again.
                logger.LogError(failure, "The outbox could not be read");
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var nudge = nudged.WaitAsync(wait.Token);
            await Task.WhenAny(nudge, Task.Delay(TimeSpan.FromSeconds(options.DispatchSeconds), time, wait.Token));
            await wait.CancelAsync();
        }
    }

    /// <summary>How many mails wait and for how long the oldest has, for the metrics (one indexed read per look).</summary>
    internal async Task MeasureAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var waiting = await db.OutboxMails.AsNoTracking().Where(m => m.SentAt == null && m.DeadAt == null)
            .GroupBy(m => 1).Select(g => new { Count = g.Count(), Oldest = g.Min(m => m.CreatedAt) }).SingleOrDefaultAsync(cancellationToken);
        metrics.Outbox(waiting?.Count ?? 0, waiting is null ? TimeSpan.Zero : time.GetUtcNow().UtcDateTime - waiting.Oldest);
    }

    /// <summary>Sends the mails that are due now (at most one batch); returns how many were tried.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.MailPauses.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMails.AsNoTracking()
            .Where(m => m.SentAt == null && m.DeadAt == null && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var tried = 0;
        var session = sender.Open();
        try
        {
            foreach (var id in due)
            {
                var leaseUntil = now + Lease;
                var taken = await db.OutboxMails
                    .Where(m => m.Id == id && m.SentAt == null && m.DeadAt == null && (m.LeaseUntil == null || m.LeaseUntil < now))
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseOwner, instance).SetProperty(m => m.LeaseUntil, leaseUntil), cancellationToken) == 1;
                if (taken)
                {
                    if (!await SendAsync(db, session, await db.OutboxMails.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken), cancellationToken))
                    {
                        // The connection may be broken: the next mail opens another.
                        await session.DisposeAsync();
                        session = sender.Open();
                    }

                    tried++;
                }
            }
        }
        finally
        {
            await session.DisposeAsync();
        }

        return tried;
    }

    /// <summary>Sends one mail and records what happened; false when sending failed.</summary>
    private async Task<bool> SendAsync(AppDbContext db, MailSession session, OutboxMail mail, CancellationToken cancellationToken)
    {
        var attempts = mail.Attempts + 1;
        var mine = db.OutboxMails.Where(m => m.Id == mail.Id && m.LeaseOwner == instance);
        // A reset link opens the account for a day: a reset mail given up on is erased, not kept for a retry.
        var keepsKey = mail.Purpose == OutboxMail.PasswordResetPurpose;
        MimeMessage message;
        try
        {
            message = sender.Compose(mail);
        }
        catch (ParseException)
        {
            logger.LogWarning("Mail {MailId} ({Purpose}) has no usable address and is given up", mail.Id, mail.Purpose);
            await mine.ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.DeadAt, time.GetUtcNow().UtcDateTime)
                .SetProperty(m => m.LastError, "Ikke en gyldig e-mailadresse / not a valid e-mail address").SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null)
                .SetProperty(m => m.TextBody, m => keepsKey ? "" : m.TextBody), CancellationToken.None);
            return true;
        }

        try
        {
            await session.SendAsync(message, cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            var now = time.GetUtcNow().UtcDateTime;
            // A recipient the server refuses outright will not be accepted on a later try either.
            var dead = attempts >= options.MaxAttempts || failure is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted };
            var error = failure.Message.Length > OutboxMail.ErrorMaxLength ? failure.Message[..OutboxMail.ErrorMaxLength] : failure.Message;
            logger.LogWarning("Mail {MailId} ({Purpose}) attempt {Attempt} failed: {Error}", mail.Id, mail.Purpose, attempts, failure.GetType().Name);
            metrics.MailFailed(mail.Purpose, dead);
            await mine.ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, error)
                .SetProperty(m => m.DeadAt, dead ? now : null).SetProperty(m => m.NextAttemptAt, now + Wait(attempts))
                .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null)
                .SetProperty(m => m.TextBody, m => dead && keepsKey ? "" : m.TextBody), CancellationToken.None);
            return false;
        }

        metrics.MailSent(mail.Purpose);
        // Sent: the bodies go (a reset link opens an account), the record stays.
        await mine.ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.SentAt, time.GetUtcNow().UtcDateTime)
            .SetProperty(m => m.TextBody, "").SetProperty(m => m.Calendar, (string?)null).SetProperty(m => m.UnsubscribeUrl, (string?)null).SetProperty(m => m.LastError, (string?)null)
            .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
        return true;
    }

    private static TimeSpan Wait(int attempts)
    {
        var wait = FirstWait * Math.Pow(2, Math.Min(attempts - 1, 20));
        return wait < LongestWait ? wait : LongestWait;
    }
}
