using System.Diagnostics.Metrics;

namespace Mus.Web.Infrastructure.Telemetry;

/// <summary>
/// What an operator watches besides the framework's own figures: the audit writer's group commits, the
/// outbox, reminders, the plan journal, the periodic jobs, and the limits that turn requests away.
/// Counts and times only, tagged by kind: never a person, an address or a conversation.
/// </summary>
public sealed class MusMetrics
{
    public const string MeterName = "Mus";

    private readonly Counter<long> mailsSent;
    private readonly Counter<long> mailsFailed;
    private readonly Histogram<int> auditBatchRows;
    private readonly Histogram<double> auditWait;
    private readonly Counter<long> reminderScans;
    private readonly Counter<long> reminderMails;
    private readonly Counter<long> journalDelivered;
    private readonly Counter<long> journalFailed;
    private readonly Counter<long> jobRuns;
    private readonly Counter<long> signInThrottled;
    private readonly Counter<long> rejected;

    // Read by the gauges when the metrics are collected; written by whoever last looked.
    private long outboxDepth;
    private double outboxOldestSeconds;
    private long journalBacklog;

    /// <summary>This application's meter (a test process holds several applications, each with its own).</summary>
    internal Meter Meter { get; }

    public MusMetrics(IMeterFactory meters)
    {
        var meter = Meter = meters.Create(MeterName);
        mailsSent = meter.CreateCounter<long>("mus.mail.sent", "{mail}", "Mails the mail server accepted.");
        mailsFailed = meter.CreateCounter<long>("mus.mail.failed", "{mail}", "Attempts to send a mail that failed (tag given_up: the last one).");
        meter.CreateObservableGauge("mus.outbox.depth", () => Interlocked.Read(ref outboxDepth), "{mail}", "Mails waiting to be sent, as this instance last counted.");
        meter.CreateObservableGauge("mus.outbox.oldest_age", () => Volatile.Read(ref outboxOldestSeconds), "s", "Age of the oldest mail waiting to be sent.");
        auditBatchRows = meter.CreateHistogram<int>("mus.audit.batch.rows", "{row}", "Access-log rows written in one commit.");
        auditWait = meter.CreateHistogram<double>("mus.audit.wait", "s", "From handing rows to the audit writer until they are committed.");
        reminderScans = meter.CreateCounter<long>("mus.reminder.scans", "{scan}", "Reminder scans run.");
        reminderMails = meter.CreateCounter<long>("mus.reminder.mails", "{mail}", "Reminder mails put in the outbox.");
        meter.CreateObservableGauge("mus.journal.backlog", () => Interlocked.Read(ref journalBacklog), "{plan}", "Approved plans waiting to be filed in the journal.");
        journalDelivered = meter.CreateCounter<long>("mus.journal.delivered", "{plan}", "Plans filed in the journal.");
        journalFailed = meter.CreateCounter<long>("mus.journal.failed", "{attempt}", "Attempts to file a plan that failed.");
        jobRuns = meter.CreateCounter<long>("mus.job.runs", "{run}", "Periodic job runs this instance took its turn for (tag outcome).");
        signInThrottled = meter.CreateCounter<long>("mus.signin.throttled", "{attempt}", "Sign-ins slowed down or refused for too many failures.");
        rejected = meter.CreateCounter<long>("mus.http.rejected", "{request}", "Requests turned away with 429 by a rate limit (tag policy).");
    }

    public void MailSent(string purpose) => mailsSent.Add(1, new KeyValuePair<string, object?>("purpose", purpose));

    public void MailFailed(string purpose, bool givenUp) =>
        mailsFailed.Add(1, new KeyValuePair<string, object?>("purpose", purpose), new KeyValuePair<string, object?>("given_up", givenUp));

    public void Outbox(long depth, TimeSpan oldest)
    {
        Interlocked.Exchange(ref outboxDepth, depth);
        Volatile.Write(ref outboxOldestSeconds, Math.Max(0, oldest.TotalSeconds));
    }

    public void AuditCommitted(int rows, TimeSpan waited)
    {
        auditBatchRows.Record(rows);
        auditWait.Record(waited.TotalSeconds);
    }

    public void ReminderScan(int mails)
    {
        reminderScans.Add(1);
        reminderMails.Add(mails);
    }

    public void Journal(long backlog) => Interlocked.Exchange(ref journalBacklog, backlog);

    public void JournalDelivered() => journalDelivered.Add(1);

    public void JournalFailed() => journalFailed.Add(1);

    public void JobRun(string job, string outcome) =>
        jobRuns.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));

    public void SignInThrottled() => signInThrottled.Add(1);

    public void Rejected(string policy) => rejected.Add(1, new KeyValuePair<string, object?>("policy", policy));
}
