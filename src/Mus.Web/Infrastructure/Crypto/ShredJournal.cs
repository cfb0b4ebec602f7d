using System.Text;
using System.Text.Json;
using Mus.Web.Data.Sqlite;
using Mus.Web.Domain.Plans;

namespace Mus.Web.Infrastructure.Crypto;

/// <summary>
/// The record of every data key destroyed: ids, compartment and time, never content. It is a file
/// beside the database (<c>Shredding:JournalPath</c>, default <c>data/shred-journal.jsonl</c>; put it
/// on storage every instance shares, and outside the database backups), so that a database restored
/// from an older backup can be brought in line by <c>replay-shreds</c>.
/// </summary>
public sealed class ShredJournal(ShreddingOptions options)
{
    public sealed record Entry(Guid KeyId, int ConversationId, PartKind Compartment, DateTimeOffset ShreddedAt, string Reason);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static readonly SemaphoreSlim Writer = new(1, 1);

    public string Path { get; } = options.JournalPath;

    /// <summary>A compartment this call destroyed.</summary>
    public sealed record Destroyed(int ConversationId, PartKind Compartment);

    /// <summary>
    /// Destroys the given compartments (their rows, and with them their data keys), journalling
    /// each first. Written before the caller commits: if the commit then fails, a replay destroys
    /// a little more than was meant, never less. Returns only what this call deleted itself, so two
    /// instances destroying the same compartment at once audit it once.
    /// </summary>
    public async Task<IReadOnlyList<Destroyed>> ShredAsync(AppDbContext db, IQueryable<ConversationPart> compartments, string reason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var doomed = await compartments.Select(p => new { p.Id, p.KeyId, p.ConversationId, p.Kind }).ToListAsync(cancellationToken);
        if (doomed.Count == 0)
        {
            return [];
        }

        await AppendAsync(doomed.Select(p => new Entry(p.KeyId, p.ConversationId, p.Kind, now, reason)), cancellationToken);
        var destroyed = new List<Destroyed>();
        foreach (var part in doomed)
        {
            if (await db.ConversationParts.Where(p => p.Id == part.Id).ExecuteDeleteAsync(cancellationToken) == 1)
            {
                destroyed.Add(new Destroyed(part.ConversationId, part.Kind));
                await ForgetDerivedAsync(db, part.ConversationId, part.Kind, cancellationToken);
            }
        }

        await SqliteShredCheckpoint.AfterShredAsync(db, cancellationToken);
        return destroyed;
    }

    /// <summary>Applies the whole journal to this database: every compartment whose key is listed is destroyed. Running it twice does no harm.</summary>
    public async Task<int> ReplayAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path))
        {
            return 0;
        }

        var entries = (await File.ReadAllLinesAsync(Path, cancellationToken))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<Entry>(line, Json)!)
            .ToList();
        var destroyed = 0;
        foreach (var batch in entries.Select(e => e.KeyId).Distinct().Chunk(500))
        {
            destroyed += await db.ConversationParts.Where(p => batch.Contains(p.KeyId)).ExecuteDeleteAsync(cancellationToken);
        }

        // What was taken from a destroyed compartment goes too, unless a compartment of that kind was
        // written again later (a new leader's preparation): what was taken from that is its own.
        foreach (var compartment in entries.Select(e => (e.ConversationId, e.Compartment)).Distinct())
        {
            if (!await db.ConversationParts.AnyAsync(p => p.ConversationId == compartment.ConversationId && p.Kind == compartment.Compartment, cancellationToken))
            {
                await ForgetDerivedAsync(db, compartment.ConversationId, compartment.Compartment, cancellationToken);
            }
        }

        return destroyed;
    }

    // What is kept outside a compartment but taken from it: its counted answers, the plan's actions
    // shared with the team, and a journal delivery's body kept for its retries. Destroying the compartment
    // destroys them too.
    private static async Task ForgetDerivedAsync(AppDbContext db, int conversationId, PartKind kind, CancellationToken cancellationToken)
    {
        await Data.Derived.FiguresWriter.ForgetAsync(db, conversationId, kind, cancellationToken);
        await Data.Derived.SharedActions.ForgetAsync(db, conversationId, kind, cancellationToken);
        if (kind == PartKind.Plan)
        {
            await db.PlanJournal.Where(e => e.ConversationId == conversationId && e.SealedBody != null)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.SealedBody, (byte[]?)null), cancellationToken);
        }
    }

    private async Task AppendAsync(IEnumerable<Entry> entries, CancellationToken cancellationToken)
    {
        var lines = string.Concat(entries.Select(e => JsonSerializer.Serialize(e, Json) + "\n"));
        await Writer.WaitAsync(cancellationToken);
        try
        {
            Files.OwnerOnly.Folder(System.IO.Path.GetDirectoryName(Path)!);
            await using var file = Files.OwnerOnly.Open(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await file.WriteAsync(Encoding.UTF8.GetBytes(lines), cancellationToken);
            // On disk before the database forgets the key.
            file.Flush(flushToDisk: true);
        }
        finally
        {
            Writer.Release();
        }
    }
}
