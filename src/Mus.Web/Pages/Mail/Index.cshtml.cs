using Mus.Web.Infrastructure.Email;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Mail;

/// <summary>
/// The administrator's view of the outbox: how many mails wait, and the dead letters – mails given up
/// on, with the reason – each of which can be sent again. Recipients and kinds only; never a body.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(AppDbContext db, OutboxDispatcher dispatcher, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text, ILogger<IndexModel> logger) : PageModel
{
    public const int PageSize = 50;

    public sealed record DeadLetter(long Id, string To, string Purpose, DateTime CreatedAt, int Attempts, string? LastError);

    public int Waiting { get; private set; }

    public int Dead { get; private set; }

    /// <summary>When an administrator paused all mail; null while mail goes out.</summary>
    public DateTime? PausedAt { get; private set; }

    public IReadOnlyList<DeadLetter> DeadLetters { get; private set; } = [];

    /// <summary>What went wrong the last time a waiting mail was tried (a server that refuses TLS, a wrong password): the first thing to fix.</summary>
    public string? LatestFailure { get; private set; }

    [BindProperty(SupportsGet = true, Name = "side")]
    public int PageNumber { get; set; } = 1;

    public int Pages => Math.Max(1, (Dead + PageSize - 1) / PageSize);


    public async Task OnGetAsync()
    {
        Waiting = await db.OutboxMails.CountAsync(m => m.SentAt == null && m.DeadAt == null);
        PausedAt = await db.MailPauses.Select(p => (DateTime?)p.PausedAt).SingleOrDefaultAsync();
        LatestFailure = await db.OutboxMails.Where(m => m.SentAt == null && m.DeadAt == null && m.LastError != null)
            .OrderByDescending(m => m.NextAttemptAt).Select(m => m.LastError).FirstOrDefaultAsync();
        Dead = await db.OutboxMails.CountAsync(m => m.DeadAt != null);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        DeadLetters = await db.OutboxMails.AsNoTracking()
            .Where(m => m.DeadAt != null)
            .OrderByDescending(m => m.DeadAt).ThenByDescending(m => m.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(m => new DeadLetter(m.Id, m.To, m.Purpose, m.CreatedAt, m.Attempts, m.LastError))
            .ToListAsync();
    }

    /// <summary>Stops all mail from every instance; it waits in the outbox until resumed.</summary>
    public async Task<IActionResult> OnPostPauseAsync()
    {
        if (!await db.MailPauses.AnyAsync())
        {
            db.MailPauses.Add(new MailPause { PausedAt = time.GetUtcNow().UtcDateTime, PausedByUserId = me.UserId });
            try
            {
                await db.SaveChangesAsync();
                logger.LogWarning("All mail paused by user {UserId}", me.UserId);
            }
            catch (DbUpdateException)
            {
                // Another administrator paused it a moment ago: paused it is.
            }
        }

        TempData.Say(text["Mail.PausedDone"].Value);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResumeAsync()
    {
        if (await db.MailPauses.ExecuteDeleteAsync() > 0)
        {
            logger.LogWarning("Mail resumed by user {UserId}", me.UserId);
            dispatcher.Nudge();
        }

        TempData.Say(text["Mail.ResumedDone"].Value);
        return RedirectToPage();
    }

    /// <summary>Gives a dead letter a fresh start (after the address or the mail server was put right).</summary>
    public async Task<IActionResult> OnPostRetryAsync([FromForm] long? mail)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // An erased mail (a reset link given up on) has nothing left to send: the person asks for a new link.
        var revived = mail is { } id && await db.OutboxMails
            .Where(m => m.Id == id && m.DeadAt != null && m.TextBody != "")
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.DeadAt, (DateTime?)null).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now)) == 1;
        if (revived)
        {
            logger.LogInformation("Dead letter {MailId} sent again by an administrator", mail);
            dispatcher.Nudge();
        }

        TempData.Say(text[revived ? "Mail.Retried" : "Mail.CannotRetry"].Value);
        return RedirectToPage();
    }
}
