using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Mus.Web.Domain.Plans;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Pages.Team;

/// <summary>
/// An action of an approved plan that the employee chose to share with their team (seed 004: share
/// your practice actions, agree on follow-up together): its "what" and its status only, never why,
/// how or anything else from the conversation. A copy kept in step with the plan and its follow-ups
/// (<see cref="SharedActions.RefreshAsync"/>); withdrawing deletes it. The wording is the employee's
/// words from their plan: it is kept sealed at rest like the plan itself (<see cref="SharedActions.Seal"/>).
/// </summary>
public class SharedAction
{
    public int Id { get; set; }

    public int ConversationId { get; set; }

    public required string ActionKey { get; set; }

    public int EmployeeId { get; set; }

    /// <summary>The action's "what", sealed under the key-encryption key and bound to this conversation and action.</summary>
    public required string SealedWhat { get; set; }

    public ActionStatus Status { get; set; }

    public DateTimeOffset SharedAt { get; set; }
}

internal sealed class SharedActionConfiguration : IEntityTypeConfiguration<SharedAction>
{
    public void Configure(EntityTypeBuilder<SharedAction> action)
    {
        action.Property(a => a.ActionKey).HasMaxLength(32);
        action.Property(a => a.SealedWhat).HasMaxLength(2000);
        action.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        action.HasIndex(a => new { a.ConversationId, a.ActionKey }).IsUnique();
        action.HasIndex(a => a.EmployeeId);
        action.HasOne<Conversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
        action.HasOne<Person>().WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

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
