using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Pages.Conversations.Plans.Journal;

/// <summary>
/// Files the approved plan versions that are due: makes each extract, puts its read on record, and hands
/// it to the target (a folder drop, or a signed webhook). A failed attempt waits a minute, doubling up to
/// six hours; after <see cref="JournalOptions.MaxAttempts"/> it is given up on and shown as failed.
/// </summary>
public sealed class JournalDelivery(AppDbContext db, AuditTrail audit, CompartmentCipher cipher, IStringLocalizer<Text> text, JournalOptions options, IHttpClientFactory clients, Infrastructure.Telemetry.MusMetrics metrics, TimeProvider time, ILogger<JournalDelivery> logger)
{
    public const string SignatureHeader = "X-MUS-Signature";
    public const string HttpClientName = "journal";
    private const int Batch = 20;

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        audit.BackgroundPurpose = "journal";
        var due = await db.PlanJournal
            .Where(e => e.DeliveredAt == null && e.GaveUpAt == null && e.NextAttemptAt <= now.UtcDateTime)
            .OrderBy(e => e.Id)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        var started = time.GetTimestamp();
        foreach (var entry in due)
        {
            // Each attempt's own time (the run's, moved on by how long the run has taken): a slow target
            // must not leave later entries signed minutes ago, nor taken with a lease already over.
            var attemptAt = now + time.GetElapsedTime(started);

            // Taken for the length of an attempt, so that a run elsewhere (a slow target can make a run
            // outlast the interval) does not deliver it a second time meanwhile.
            var taken = await db.PlanJournal
                .Where(e => e.Id == entry.Id && e.DeliveredAt == null && e.NextAttemptAt == entry.NextAttemptAt)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.NextAttemptAt, attemptAt.UtcDateTime + Lease), cancellationToken);
            if (taken == 1)
            {
                await DeliverAsync(entry, attemptAt, cancellationToken);
            }
        }

        metrics.Journal(await db.PlanJournal.CountAsync(e => e.DeliveredAt == null && e.GaveUpAt == null, cancellationToken));
    }

    /// <summary>Longer than an attempt can take (the webhook's timeout is 30 s).</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private async Task DeliverAsync(PlanJournalEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        entry.Attempts++;
        try
        {
            if (string.Equals(options.Target, JournalOptions.FolderTarget, StringComparison.OrdinalIgnoreCase))
            {
                var extract = await MakeExtractAsync(entry, now);
                // The read is on record before anything leaves.
                await db.SaveChangesAsync(cancellationToken);
                await DropAsync(extract, cancellationToken);
            }
            else
            {
                var body = await WebhookBodyAsync(entry, now);
                // The read, and the body kept for the retries, are on record before anything leaves.
                await db.SaveChangesAsync(cancellationToken);
                await PostAsync(body, entry.Id, now, cancellationToken);
            }

            entry.DeliveredAt = now.UtcDateTime;
            metrics.JournalDelivered();
            entry.LastError = null;
            entry.SealedBody = null;
        }
        // Whatever the target did wrong counts as a failed attempt (a shorter list let an unforeseen kind
        // leave the version taken and retried forever, never given up and never shown); the database's own
        // failures and stopping are not the target's, and end the run.
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested && failure is not (StorageFailedException or DbUpdateException))
        {
            var error = $"{failure.GetType().Name}: {failure.Message}";
            entry.LastError = error.Length > PlanJournalEntry.ErrorMaxLength ? error[..PlanJournalEntry.ErrorMaxLength] : error;
            if (entry.Attempts >= options.MaxAttempts)
            {
                entry.GaveUpAt = now.UtcDateTime;
                entry.SealedBody = null;
            }
            else
            {
                entry.NextAttemptAt = now.UtcDateTime + TimeSpan.FromMinutes(Math.Min(Math.Pow(2, entry.Attempts - 1), 360));
            }

            logger.LogWarning("Plan {Conversation} v{Version} could not be journaled (attempt {Attempt}): {Error}", entry.ConversationId, entry.PlanNumber, entry.Attempts, failure.GetType().Name);
            metrics.JournalFailed();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<JournalExtract> MakeExtractAsync(PlanJournalEntry entry, DateTimeOffset now) =>
        await JournalExtract.MakeAsync(db, text, entry.ConversationId, entry.PlanNumber, now)
            ?? throw new InvalidOperationException($"Version {entry.PlanNumber} was never approved by both.");

    /// <summary>
    /// One JSON body (the description and the PDF in base64), made at the first attempt and sent byte for
    /// byte on every retry: re-rendering would print another time in the PDF, and the receiver could not
    /// tell a retry from a changed document.
    /// </summary>
    private async Task<byte[]> WebhookBodyAsync(PlanJournalEntry entry, DateTimeOffset now)
    {
        var context = $"journal/{entry.Id}/{entry.ConversationId}/{entry.PlanNumber}";
        if (entry.SealedBody is { } kept && cipher.OpenBytes(kept, context) is { } body)
        {
            audit.Record(entry.ConversationId, PartKind.Plan, AuditAction.Read);
            return body;
        }

        var extract = await MakeExtractAsync(entry, now);
        body = JsonSerializer.SerializeToUtf8Bytes(new { metadata = extract.Metadata, pdf = Convert.ToBase64String(extract.Pdf) }, JournalExtract.Json);
        entry.SealedBody = cipher.SealBytes(body, context);
        return body;
    }

    /// <summary>The PDF, then its description beside it; each written under a temporary name and renamed, so a reader never sees half a file, and the description (last) says both are there.</summary>
    private async Task DropAsync(JournalExtract extract, CancellationToken cancellationToken)
    {
        var folder = options.Folder!;
        var pdf = Path.Combine(folder, extract.Metadata.FileName);
        await WriteThenRenameAsync(pdf, extract.Pdf, cancellationToken);
        await WriteThenRenameAsync(Path.ChangeExtension(pdf, ".json"), JsonSerializer.SerializeToUtf8Bytes(extract.Metadata, JournalExtract.Json), cancellationToken);
    }

    private static async Task WriteThenRenameAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = path + ".partial";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Posts the body with <c>X-MUS-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t." + body&gt;</c>:
    /// the time is the attempt's own, so a receiver that refuses a signature older than a few minutes
    /// cannot be fed a recorded delivery again, and the body is the same on every attempt.
    /// </summary>
    private async Task PostAsync(byte[] body, long deliveryId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.Add(SignatureHeader, $"t={timestamp},v1={Sign(options.WebhookSecret!, timestamp, body)}");
        // The same on every attempt, so the receiver can tell a retry from a new version.
        request.Headers.Add("X-MUS-Delivery", deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode}.");
        }
    }

    private static string Sign(string secret, string timestamp, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.ASCII.GetBytes(timestamp + "."), .. body]));
}
