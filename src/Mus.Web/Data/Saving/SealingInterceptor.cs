using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Mus.Web.Infrastructure.Audit;
using Mus.Web.Infrastructure.Crypto;

namespace Mus.Web.Data.Saving;

/// <summary>
/// Seals each compartment being saved under its own key, bound to its conversation, kind and version
/// (so it runs after <see cref="VersionInterceptor"/>), and puts the change on the audit trail.
/// </summary>
public sealed class SealingInterceptor : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        var parts = context.ChangeTracker.Entries<ConversationPart>().Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity).ToList();
        if (parts.Count == 0)
        {
            return;
        }

        var cipher = context.GetService<CompartmentCipher>();
        var audit = context.GetService<AuditTrail>();
        foreach (var part in parts)
        {
            if (part.ConversationId <= 0)
            {
                throw new InvalidOperationException("A compartment is sealed to its conversation: save the conversation before adding its content.");
            }

            if (part.Unreadable && !part.ContentChanged)
            {
                // Only its dates or sharing changed: the unreadable bytes are kept as they are.
                continue;
            }

            if (part.WrappedKey is null || part.Unreadable)
            {
                // New content over an unreadable compartment gets a key of its own: the stored one may belong elsewhere.
                part.KeyId = Guid.NewGuid();
                part.WrappedKey = cipher.NewWrappedKey(part.ConversationId, part.Kind);
            }

            part.Sealed = cipher.Seal(part.Content, part.WrappedKey, part.ConversationId, part.Kind, part.Version);
            part.Opened(part.Content);
            audit.Record(part.ConversationId, part.Kind, AuditAction.Change);
        }
    }
}
