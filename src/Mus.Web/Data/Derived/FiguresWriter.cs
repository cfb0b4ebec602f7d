using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Mus.Web.Domain.Statistics;
using Mus.Web.Domain.Templates;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Data.Derived;

/// <summary>
/// Keeps <see cref="ConversationFigures"/> in step with the compartments. The data context calls it
/// for every compartment saved with new content, inside the same transaction, so no page (and no
/// future way of saving) can forget it; shredding a compartment empties its column.
/// </summary>
public static class FiguresWriter
{
    /// <param name="Before">The content as it was read (null when new or not read): figures that come out the same are not written again.</param>
    public sealed record Changed(int ConversationId, PartKind Kind, string Content, string? Before = null);

    /// <summary>What counting a conversation needs to know about it besides the content.</summary>
    public sealed record Facts(int TemplateVersionId, DateTimeOffset? StatisticsOptOutAt, string? Standard);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Dictionary<int, Facts>> Known = [];

    /// <summary>
    /// The facts of a conversation a page has just read in this request (its template, the employee's
    /// opt-out and job-group standard), so the save's figures need not read them again.
    /// </summary>
    public static void Know(AppDbContext db, int conversationId, Facts facts) => Known.GetOrCreateValue(db)[conversationId] = facts;

    /// <summary>The compartments about to be saved whose countable answers may have changed. Called before sealing (which forgets what changed).</summary>
    public static List<Changed> Pending(ChangeTracker tracker) =>
    [
        .. tracker.Entries<ConversationPart>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Entity)
            .Where(p => p.ConversationId > 0 && p.ContentChanged && Figures.Counts(p.Kind))
            .Select(p => new Changed(p.ConversationId, p.Kind, p.Content, p.Unreadable ? null : p.ContentAsRead)),
    ];

    /// <summary>A compartment's figures, sealed and ready to store (null: nothing of it is counted).</summary>
    public sealed record Sealed(int ConversationId, PartKind Kind, byte[]? Figures);

    /// <summary>
    /// Takes out and seals the figures of the changed compartments. Done before the save's transaction
    /// begins, so the queries it needs do not lengthen the time the database is held for writing.
    /// </summary>
    public static async Task<IReadOnlyList<Sealed>> SealAsync(AppDbContext db, IReadOnlyCollection<Changed> changed, CancellationToken cancellationToken = default)
    {
        if (changed.Count == 0)
        {
            return [];
        }

        var known = Known.TryGetValue(db, out var read) ? read : [];
        var ids = changed.Select(c => c.ConversationId).Distinct().Where(id => !known.ContainsKey(id)).ToList();
        var facts = ids.Count == 0 ? [] : await db.Conversations.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, Facts = new Facts(c.TemplateVersionId, c.StatisticsOptOutAt, c.Employee!.JobGroup!.Standard) })
            .ToDictionaryAsync(c => c.Id, c => c.Facts, cancellationToken);
        foreach (var (id, fact) in known.Where(k => changed.Any(c => c.ConversationId == k.Key)))
        {
            facts[id] = fact;
        }

        var templates = db.GetService<PublishedTemplates>();
        var cipher = db.GetService<CompartmentCipher>();
        var sealedFigures = new List<Sealed>();
        foreach (var change in changed)
        {
            if (!facts.TryGetValue(change.ConversationId, out var fact) || fact.StatisticsOptOutAt is not null)
            {
                // The employee opted out of statistics for this conversation: nothing of it is kept for counting.
                continue;
            }

            var template = await templates.DocumentAsync(db, fact.TemplateVersionId);
            var standard = Competence.ReadStandard(fact.Standard);
            var figures = Figures.From(change.Kind, change.Content, template, standard);
            if (change.Before is { } before && figures.SequenceEqual(Figures.From(change.Kind, before, template, standard)))
            {
                // Only words changed (most autosaves): what is counted is as it was, and stays as stored.
                continue;
            }

            sealedFigures.Add(new Sealed(change.ConversationId, change.Kind, figures.Count == 0 ? null : cipher.SealFigures(Figures.Encode(figures), change.ConversationId, change.Kind)));
        }

        return sealedFigures;
    }

    /// <summary>Stores sealed figures: one statement each, in the caller's transaction.</summary>
    public static async Task StoreAsync(AppDbContext db, IReadOnlyList<Sealed> figures, CancellationToken cancellationToken = default)
    {
        foreach (var column in figures)
        {
            await StoreAsync(db, column.ConversationId, column.Kind, column.Figures, cancellationToken);
        }
    }

    public static async Task WriteAsync(AppDbContext db, IReadOnlyCollection<Changed> changed, CancellationToken cancellationToken = default) =>
        await StoreAsync(db, await SealAsync(db, changed, cancellationToken), cancellationToken);

    /// <summary>
    /// Counts a conversation again from its compartments (after the employee opted back in). The
    /// compartments are opened by the server to take out the structured answers; nobody reads them.
    /// </summary>
    public static async Task RecountAsync(AppDbContext db, int conversationId, CancellationToken cancellationToken = default)
    {
        List<ConversationPart> parts;
        using (db.GetService<Infrastructure.Audit.AuditTrail>().AsSystem("statistics"))
        {
            parts = await db.ConversationParts.AsNoTracking().Where(p => p.ConversationId == conversationId && Counted.Contains(p.Kind)).ToListAsync(cancellationToken);
        }

        await WriteAsync(db, [.. parts.Where(p => !p.Unreadable).Select(p => new Changed(p.ConversationId, p.Kind, p.Content))], cancellationToken);
    }

    private static readonly PartKind[] Counted = [.. Enum.GetValues<PartKind>().Where(Figures.Counts)];

    /// <summary>Counts every conversation from its compartments, a batch at a time (once, on the upgrade that brought statistics).</summary>
    public static async Task CountEveryConversationAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        for (var after = 0; ;)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ids = await db.Conversations.Where(c => c.Id > after).OrderBy(c => c.Id).Select(c => c.Id).Take(200).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return;
            }

            // Opened by MUS itself, once, to count: on record as such.
            db.GetService<Infrastructure.Audit.AuditTrail>().BackgroundPurpose = "statistics";
            var parts = await db.ConversationParts.AsNoTracking().Where(p => ids.Contains(p.ConversationId) && Counted.Contains(p.Kind)).ToListAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await WriteAsync(db, [.. parts.Where(p => !p.Unreadable).Select(p => new Changed(p.ConversationId, p.Kind, p.Content))], cancellationToken);
            // Nothing else changed: this saves the record of the reads, with the figures they gave.
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            after = ids[^1];
        }
    }

    /// <summary>Forgets a compartment's figures (the compartment was destroyed).</summary>
    public static Task ForgetAsync(AppDbContext db, int conversationId, PartKind kind, CancellationToken cancellationToken = default) =>
        Figures.Counts(kind) ? StoreAsync(db, conversationId, kind, null, cancellationToken) : Task.CompletedTask;

    // One statement, so that the employee's and the leader's saves never overwrite each other's column,
    // and a first save by both at once does not fail on the row the other just made. Both databases
    // speak this upsert. The column names come from the compartment kinds, never from input.
    private static readonly Dictionary<PartKind, (string Upsert, string Clear)> Statements = Enum.GetValues<PartKind>().Where(Figures.Counts).ToDictionary(
        kind => kind,
        kind => (
            $$"""INSERT INTO "ConversationFigures" ("ConversationId", "{{ConversationFigures.Column(kind)}}") VALUES ({0}, {1}) ON CONFLICT ("ConversationId") DO UPDATE SET "{{ConversationFigures.Column(kind)}}" = excluded."{{ConversationFigures.Column(kind)}}" """,
            $$"""UPDATE "ConversationFigures" SET "{{ConversationFigures.Column(kind)}}" = NULL WHERE "ConversationId" = {0}"""));

    private static Task StoreAsync(AppDbContext db, int conversationId, PartKind kind, byte[]? sealedFigures, CancellationToken cancellationToken) =>
        sealedFigures is null
            ? db.Database.ExecuteSqlRawAsync(Statements[kind].Clear, [conversationId], cancellationToken)
            : db.Database.ExecuteSqlRawAsync(Statements[kind].Upsert, [conversationId, sealedFigures], cancellationToken);
}
