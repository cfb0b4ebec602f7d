using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Mus.Web.Infrastructure.Audit;

namespace Mus.Web.Infrastructure.Crypto;

/// <summary>
/// Opens a compartment's content as EF Core reads the row, so pages only ever see plaintext in
/// memory. Stateless and shared: EF Core keys its internal services by the singleton interceptors
/// it is given, so one instance for every context keeps that cache to one entry.
/// </summary>
public sealed class CompartmentMaterializer : IMaterializationInterceptor
{
    public static CompartmentMaterializer Instance { get; } = new();

    private CompartmentMaterializer()
    {
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is ConversationPart part)
        {
            var context = materializationData.Context;
            try
            {
                part.Opened(part.Sealed is { } sealedContent && part.WrappedKey is { } key
                    ? context.GetService<CompartmentCipher>().Open(sealedContent, key, part.ConversationId, part.Kind, part.Version)
                    : "{}");
            }
            catch (CryptographicException)
            {
                // Altered or misplaced ciphertext: shown as empty with a notice, never as a failed
                // page; the stored bytes stay as they are unless the reader writes new content.
                part.CouldNotOpen();
                context.GetService<UnreadableCompartments>().Add(part.ConversationId, part.Kind);
                context.GetService<ILogger<CompartmentMaterializer>>().LogWarning(
                    "Compartment {Kind} of conversation {ConversationId} (row {PartId}) does not open: its ciphertext or key was altered or moved", part.Kind, part.ConversationId, part.Id);
                return entity;
            }

            // Every opening is a read of the content, recorded for the employee's audit page.
            context.GetService<AuditTrail>().Record(part.ConversationId, part.Kind, AuditAction.Read);
        }

        return entity;
    }
}
