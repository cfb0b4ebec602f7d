using Mus.Web.Domain.Editing;

namespace Mus.Web.Pages.Shared;

/// <summary>
/// How every versioned compartment form saves (the guide, a preparation, an evaluation): what was
/// posted, with the choices of a previous clash applied, is written if the stored version is still the
/// one the page started from; otherwise it is merged field by field with what was stored meanwhile
/// (<see cref="FieldMerge"/>), written when clean, and shown with its clashes when not (409).
/// </summary>
public static class MergingSave
{
    public abstract record Outcome;

    /// <param name="TookTheirs">The save met a newer version and kept the other side's fields.</param>
    /// <param name="Fields">The fields as stored now: the page's next origin.</param>
    public sealed record Saved(long Version, bool TookTheirs, IReadOnlyDictionary<string, string?> Fields) : Outcome;

    /// <summary>Not written: the fields to show (merged, clashes holding this side's text) and the stored version to post next.</summary>
    public sealed record Clashed(long Version, IReadOnlyDictionary<string, string?> Shown) : Outcome;

    /// <summary>Not written: a previous clash has fields without a choice.</summary>
    public sealed record Undecided(IReadOnlyDictionary<string, string?> Shown) : Outcome;

    /// <param name="fieldsOf">The fields of a stored content.</param>
    /// <param name="write">The content to store for the fields, given the content stored before (or null).</param>
    /// <param name="change">What else the save sets on the compartment (ready, shared).</param>
    /// <param name="mergeAllowed">False for an autosave: a newer version is left to the page's own save.</param>
    public static async Task<Outcome> SaveAsync(
        AppDbContext db,
        int conversationId,
        PartKind kind,
        long version,
        MergeInput merge,
        Dictionary<string, string?> mine,
        Func<string?, IReadOnlyDictionary<string, string?>> fieldsOf,
        Func<IReadOnlyDictionary<string, string?>, string?, string> write,
        Action<ConversationPart> change,
        DateTimeOffset now,
        bool mergeAllowed = true)
    {
        if (merge.Decide(mine) is { Count: > 0 })
        {
            merge.ShowClashedAgain(mine);
            return new Undecided(mine);
        }

        for (var attempt = 0; ; attempt++)
        {
            var part = await db.ConversationParts.SingleOrDefaultAsync(p => p.ConversationId == conversationId && p.Kind == kind);
            var stored = part?.Content;
            IReadOnlyDictionary<string, string?> fields = mine;
            var tookTheirs = false;
            if ((part?.Version ?? 0) != version)
            {
                var theirs = fieldsOf(stored);
                var merged = FieldMerge.Merge(merge.OriginFields(), mine, theirs);
                version = part?.Version ?? 0;
                if (!mergeAllowed || !merged.Clean)
                {
                    merge.ShowClashes(theirs, mergeAllowed ? merged.Clashes : []);
                    return new Clashed(version, merged.Merged);
                }

                fields = merged.Merged;
                tookTheirs = true;
            }

            if (part is null)
            {
                part = new ConversationPart { ConversationId = conversationId, Kind = kind };
                db.ConversationParts.Add(part);
            }
            else
            {
                db.Entry(part).Property(p => p.Version).OriginalValue = version;
            }

            part.Content = write(fields, stored);
            part.UpdatedAt = now;
            change(part);
            try
            {
                await db.SaveChangesAsync();
                return new Saved(part.Version, tookTheirs, fields);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Saved by the other side between the read and this write: merged again with theirs.
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException)
            {
                // Lost the race three times: shown as a clash of every field that differs, never an error page.
                db.ChangeTracker.Clear();
                var latest = await db.ConversationParts.AsNoTracking().SingleOrDefaultAsync(p => p.ConversationId == conversationId && p.Kind == kind);
                var theirs = fieldsOf(latest?.Content);
                merge.ShowClashes(theirs, [.. fields.Keys.Union(theirs.Keys).Where(f => fields.GetValueOrDefault(f) != theirs.GetValueOrDefault(f))
                    .Select(f => new FieldMerge.Clash(f, fields.GetValueOrDefault(f), theirs.GetValueOrDefault(f)))]);
                return new Clashed(latest?.Version ?? 0, fields);
            }
        }
    }
}
