using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mus.Web.Infrastructure.Audit;

namespace Mus.Web.Pages.Plans.Journal;

/// <summary>
/// Files the approved plan versions that are due: makes each extract, puts its read on record, and hands
/// it to the target (a folder drop, or a signed webhook). A failed attempt waits a minute, doubling up to
/// six hours; after <see cref="JournalOptions.MaxAttempts"/> it is given up on and shown as failed.
/// </summary>
public sealed class JournalDelivery(AppDbContext db, AuditTrail audit, IStringLocalizer<Text> text, JournalOptions options, IHttpClientFactory clients, ILogger<JournalDelivery> logger)
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
        foreach (var entry in due)
        {
            // Taken for the length of an attempt, so that a run elsewhere (a slow target can make a run
            // outlast the interval) does not deliver it a second time meanwhile.
            var taken = await db.PlanJournal
                .Where(e => e.Id == entry.Id && e.DeliveredAt == null && e.NextAttemptAt == entry.NextAttemptAt)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.NextAttemptAt, now.UtcDateTime + Lease), cancellationToken);
            if (taken == 1)
            {
                await DeliverAsync(entry, now, cancellationToken);
            }
        }
    }

    /// <summary>Longer than an attempt can take (the webhook's timeout is 30 s).</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private async Task DeliverAsync(PlanJournalEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        entry.Attempts++;
        try
        {
            var extract = await JournalExtract.MakeAsync(db, text, entry.ConversationId, entry.PlanNumber, now)
                ?? throw new InvalidOperationException($"Version {entry.PlanNumber} was never approved by both.");
            // The read is on record before anything leaves.
            await db.SaveChangesAsync(cancellationToken);
            if (string.Equals(options.Target, JournalOptions.FolderTarget, StringComparison.OrdinalIgnoreCase))
            {
                await DropAsync(extract, cancellationToken);
            }
            else
            {
                await PostAsync(extract, entry.Id, cancellationToken);
            }

            entry.DeliveredAt = now.UtcDateTime;
            entry.LastError = null;
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
            }
            else
            {
                entry.NextAttemptAt = now.UtcDateTime + TimeSpan.FromMinutes(Math.Min(Math.Pow(2, entry.Attempts - 1), 360));
            }

            logger.LogWarning("Plan {Conversation} v{Version} could not be journaled (attempt {Attempt}): {Error}", entry.ConversationId, entry.PlanNumber, entry.Attempts, failure.GetType().Name);
        }

        await db.SaveChangesAsync(cancellationToken);
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

    /// <summary>One JSON body (the description and the PDF in base64), signed with HMAC-SHA256 over the exact bytes sent.</summary>
    private async Task PostAsync(JournalExtract extract, long deliveryId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { metadata = extract.Metadata, pdf = Convert.ToBase64String(extract.Pdf) }, JournalExtract.Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(SignatureHeader, "sha256=" + Sign(options.WebhookSecret!, body));
        // The same on every attempt, so the receiver can tell a retry from a new version.
        request.Headers.Add("X-MUS-Delivery", deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode}.");
        }
    }

    public static string Sign(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
