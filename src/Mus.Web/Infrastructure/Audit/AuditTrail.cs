using System.Security.Claims;

namespace Mus.Web.Infrastructure.Audit;

/// <summary>
/// Collects the accesses to content made while serving one request. Changes and destructions are
/// saved with the change itself (the data context adds them to the same SaveChanges); reads are
/// saved by <see cref="AuditFlushFilter"/> before the page is rendered, so content whose reading
/// could not be recorded is never sent.
/// </summary>
public sealed class AuditTrail(IHttpContextAccessor http, TimeProvider time)
{
    private readonly List<AuditEntry> pending = [];
    private readonly HashSet<(int, PartKind, AuditAction)> seen = [];

    public bool HasPending => pending.Count > 0;

    /// <summary>What reads made outside a request are for, as a background job names itself ("journal"); "system" if none does.</summary>
    public string? BackgroundPurpose { get; set; }

    public void Record(int conversationId, PartKind compartment, AuditAction action)
    {
        if (notSent && action == AuditAction.Read)
        {
            return;
        }

        // One row per compartment and action per request: a page that reads a row twice read it once.
        if (!seen.Add((conversationId, compartment, action)))
        {
            return;
        }

        // While the system opens content for itself (counting), the reads are the system's, not the visitor's.
        var context = systemPurpose is null ? http.HttpContext : null;
        var user = context?.User ?? new ClaimsPrincipal();
        var roles = new[] { Roles.Hr, Roles.Administrator }.Where(user.IsInRole).ToList();
        pending.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            UserId = user.FindFirstValue(ClaimTypes.NameIdentifier),
            PersonId = CurrentUser.TryGetPersonId(user, out var personId) ? personId : null,
            Roles = roles.Count == 0 ? null : string.Join(',', roles),
            ConversationId = conversationId,
            Compartment = compartment,
            Action = action,
            Purpose = Purpose(context),
        });
    }

    private string? systemPurpose;

    private bool notSent;

    /// <summary>
    /// Until disposed, content opened goes to nobody: an autosave opens the stored compartment only to
    /// merge with it and answers with a version number, so its reads are not put on the record (the
    /// employee's access log would otherwise say she was read at every keystroke). Changes still are.
    /// </summary>
    public IDisposable NotSent()
    {
        notSent = true;
        return new Restore(() => notSent = false);
    }

    /// <summary>
    /// Until disposed, reads are recorded as made by MUS itself for <paramref name="purpose"/> (such as
    /// taking out the countable answers again when an employee opts back in to statistics): nobody is
    /// shown the content, and the record says so rather than naming the visitor as its reader.
    /// </summary>
    public IDisposable AsSystem(string purpose)
    {
        systemPurpose = purpose;
        return new Restore(() => systemPurpose = null);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>Takes the collected rows, for the <see cref="AuditWriter"/>.</summary>
    public IReadOnlyList<AuditEntry> TakePending()
    {
        var batch = pending.ToList();
        pending.Clear();
        return batch;
    }

    /// <summary>Hands the collected rows to a data context for saving; the batch comes back to <see cref="SaveFailed"/> if the save fails.</summary>
    public IReadOnlyList<AuditEntry> AddTo(AppDbContext db)
    {
        var batch = pending.ToList();
        pending.Clear();
        db.AuditEntries.AddRange(batch);
        return batch;
    }

    /// <summary>
    /// A save failed: its reads still happened (and the page may show what it read next), so they wait
    /// for the next save or the flush; its changes and destructions did not happen, so they are dropped
    /// and recorded afresh if tried again.
    /// </summary>
    public void SaveFailed(IReadOnlyList<AuditEntry> batch)
    {
        pending.InsertRange(0, batch.Where(e => e.Action == AuditAction.Read));
        foreach (var undone in batch.Where(e => e.Action != AuditAction.Read))
        {
            seen.Remove((undone.ConversationId, undone.Compartment, undone.Action));
        }
    }

    /// <summary>
    /// The request failed before anything it read was sent (the error page shows no content), so
    /// its unsaved reads reached nobody and are not recorded.
    /// </summary>
    public void DiscardPending() => pending.Clear();

    private string Purpose(HttpContext? context) =>
        systemPurpose ?? context?.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath
        ?? (context is null ? BackgroundPurpose ?? "system" : context.Request.Path.Value ?? "request");
}
