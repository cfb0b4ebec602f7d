using Microsoft.EntityFrameworkCore.Infrastructure;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Data.Derived;

/// <summary>Keeps the shared copies in step with the plan in force and its follow-ups.</summary>
public static class SharedActions
{
    /// <summary>
    /// Called wherever a plan or its follow-ups are saved (beside <see cref="Conversation.UpdatePlanFacts"/>):
    /// a shared action takes the wording and status it has now, and one no longer in the plan in force is
    /// no longer shared.
    /// </summary>
    public static string Seal(CompartmentCipher cipher, int conversationId, string actionKey, string what) => cipher.SealSecret(what, Context(conversationId, actionKey));

    /// <summary>The "what" as shared, or null if it does not open (altered or moved in the database).</summary>
    public static string? Open(CompartmentCipher cipher, SharedAction action) => cipher.OpenSecret(action.SealedWhat, Context(action.ConversationId, action.ActionKey));

    private static string Context(int conversationId, string actionKey) => $"shared-action/{conversationId}/{actionKey}";

    /// <summary>The plan was destroyed (retention, replayed shreds): what was shared from it goes with it.</summary>
    public static Task ForgetAsync(AppDbContext db, int conversationId, PartKind kind, CancellationToken cancellationToken = default) =>
        kind == PartKind.Plan ? db.SharedActions.Where(a => a.ConversationId == conversationId).ExecuteDeleteAsync(cancellationToken) : Task.CompletedTask;

    public static async Task RefreshAsync(AppDbContext db, int conversationId, Plan plan, FollowUpLog log)
    {
        var cipher = db.GetService<CompartmentCipher>();
        var shared = await db.SharedActions.Where(a => a.ConversationId == conversationId).ToListAsync();
        var inForce = plan.InForce?.Actions.ToDictionary(a => a.Key) ?? [];
        foreach (var copy in shared)
        {
            if (inForce.TryGetValue(copy.ActionKey, out var action))
            {
                if (Open(cipher, copy) != action.What)
                {
                    copy.SealedWhat = Seal(cipher, conversationId, copy.ActionKey, action.What);
                }

                copy.Status = log.StatusOf(action);
            }
            else
            {
                db.SharedActions.Remove(copy);
            }
        }
    }
}
