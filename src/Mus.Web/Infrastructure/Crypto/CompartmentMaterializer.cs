using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Mus.Web.Domain.Conversations;
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
            var cipher = materializationData.Context.GetService<CompartmentCipher>();
            part.Opened(part.Sealed is { } sealedContent && part.WrappedKey is { } key
                ? cipher.Open(sealedContent, key, part.ConversationId, part.Kind, part.Version)
                : "{}");
            // Every opening is a read of the content, recorded for the employee's audit page.
            materializationData.Context.GetService<AuditTrail>().Record(part.ConversationId, part.Kind, AuditAction.Read);
        }

        return entity;
    }
}
