using Mus.Web.Domain.Templates;

namespace Mus.Web.Data;

public static class BuiltInTemplateSeeder
{
    /// <summary>
    /// Adds each built-in template that the database lacks, as a published version 1. Templates
    /// already there are left alone: HR's changes live in newer versions, never in version 1.
    /// </summary>
    public static async Task EnsureBuiltInTemplatesAsync(this AppDbContext db, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var present = await db.Templates.Where(t => t.BuiltInKey != null).Select(t => t.BuiltInKey!).ToListAsync(cancellationToken);
        var missing = BuiltInTemplates.All.Where(b => !present.Contains(b.Key)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        foreach (var builtIn in missing)
        {
            var template = new ConversationTemplate { Name = builtIn.Name, BuiltInKey = builtIn.Key };
            var version = new TemplateVersion { Number = 1 };
            version.SetDocument(builtIn.Document);
            version.Publish(time.GetUtcNow());
            template.Versions.Add(version);
            db.Templates.Add(template);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance starting at the same moment seeded them first; the unique key kept one copy.
            db.ChangeTracker.Clear();
        }
    }
}
