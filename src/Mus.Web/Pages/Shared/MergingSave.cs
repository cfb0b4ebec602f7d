using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
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

    /// <summary>A compartment's save: its content is the fields, written by <paramref name="write"/>.</summary>
    /// <param name="fieldsOf">The fields of a stored content.</param>
    /// <param name="write">The content to store for the fields, given the content stored before (or null).</param>
    /// <param name="change">What else the save sets on the compartment (ready, shared).</param>
    /// <param name="mergeAllowed">False for an autosave: a newer version is left to the page's own save.</param>
    public static Task<Outcome> SaveAsync(
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
        bool mergeAllowed = true) =>
        SaveAsync(
            db,
            () => db.ConversationParts.Where(p => p.ConversationId == conversationId && p.Kind == kind),
            () => new ConversationPart { ConversationId = conversationId, Kind = kind },
            version,
            merge,
            mine,
            part => fieldsOf(part?.Content),
            (part, fields) =>
            {
                part.Content = write(fields, part.Content);
                part.UpdatedAt = now;
                change(part);
                return Task.CompletedTask;
            },
            mergeAllowed);

    /// <summary>Any versioned record edited by a form of fields.</summary>
    /// <param name="row">The record (one row or none yet).</param>
    /// <param name="create">The record to add when there is none.</param>
    /// <param name="fieldsOf">The fields of the stored record (null: none yet).</param>
    /// <param name="write">Sets the fields on the record (still holding what was stored), and whatever goes with the save.</param>
    /// <param name="mergeAllowed">False for an autosave: a newer version is left to the page's own save.</param>
    public static async Task<Outcome> SaveAsync<T>(
        AppDbContext db,
        Func<IQueryable<T>> row,
        Func<T> create,
        long version,
        MergeInput merge,
        Dictionary<string, string?> mine,
        Func<T?, IReadOnlyDictionary<string, string?>> fieldsOf,
        Func<T, IReadOnlyDictionary<string, string?>, Task> write,
        bool mergeAllowed = true)
        where T : class, IVersioned
    {
        if (merge.Decide(mine) is { Count: > 0 })
        {
            merge.ShowClashedAgain(mine);
            return new Undecided(mine);
        }

        for (var attempt = 0; ; attempt++)
        {
            var stored = await row().SingleOrDefaultAsync();
            IReadOnlyDictionary<string, string?> fields = mine;
            var tookTheirs = false;
            if ((stored?.Version ?? 0) != version)
            {
                var theirs = fieldsOf(stored);
                var merged = FieldMerge.Merge(merge.OriginFields(), mine, theirs);
                version = stored?.Version ?? 0;
                if (!mergeAllowed || !merged.Clean)
                {
                    merge.ShowClashes(theirs, mergeAllowed ? merged.Clashes : []);
                    return new Clashed(version, merged.Merged);
                }

                fields = merged.Merged;
                tookTheirs = true;
            }

            var record = stored ?? create();
            if (stored is null)
            {
                db.Add(record);
            }

            await write(record, fields);
            try
            {
                await db.SaveChangesAsync();
                return new Saved(record.Version, tookTheirs, fields);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Saved by the other side between the read and this write (or a first save raced with
                // theirs): merged again with theirs.
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException)
            {
                // Lost the race three times: shown as a clash of every field that differs, never an error page.
                db.ChangeTracker.Clear();
                var latest = await row().AsNoTracking().SingleOrDefaultAsync();
                var theirs = fieldsOf(latest);
                merge.ShowClashes(theirs, [.. fields.Keys.Union(theirs.Keys).Where(f => fields.GetValueOrDefault(f) != theirs.GetValueOrDefault(f))
                    .Select(f => new FieldMerge.Clash(f, fields.GetValueOrDefault(f), theirs.GetValueOrDefault(f)))]);
                return new Clashed(latest?.Version ?? 0, fields);
            }
        }
    }

    /// <summary>
    /// Readies a form whose save was not written to be shown again (the caller answers 409): the stored
    /// version to post next and the fields to show go to <paramref name="showStored"/>, and the reason above the form.
    /// </summary>
    public static void ShowRefusal(this Outcome outcome, ModelStateDictionary modelState, IStringLocalizer text, string conflictMessageKey, Action<Clashed> showStored)
    {
        if (outcome is Clashed clashed)
        {
            showStored(clashed);
            // The posted version would otherwise be shown again in place of the stored one.
            modelState.Remove("Version");
            modelState.AddModelError(string.Empty, text[conflictMessageKey]);
        }
        else
        {
            modelState.AddModelError(string.Empty, text["Merge.Choose"]);
        }
    }
}
