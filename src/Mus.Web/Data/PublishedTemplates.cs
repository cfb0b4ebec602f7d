using System.Collections.Concurrent;
using Mus.Web.Domain.Templates;

namespace Mus.Web.Data;

/// <summary>
/// The documents of published template versions, read and parsed once per instance: a published
/// version never changes (<see cref="TemplateVersion.SetDocument"/> refuses), and every preparation,
/// guide and evaluation page needs its questions. Drafts are read fresh every time.
/// </summary>
public sealed class PublishedTemplates
{
    private readonly ConcurrentDictionary<int, TemplateDocument> documents = new();

    public async Task<TemplateDocument> DocumentAsync(AppDbContext db, int versionId)
    {
        if (documents.TryGetValue(versionId, out var known))
        {
            return known;
        }

        var version = await db.TemplateVersions.AsNoTracking().SingleAsync(v => v.Id == versionId);
        var document = version.Document;
        if (version.IsPublished)
        {
            documents.TryAdd(versionId, document);
        }

        return document;
    }
}
