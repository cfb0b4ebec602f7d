using System.Text.Json;

namespace Mus.Web.Domain.Templates;

/// <summary>One version of a template. A draft can be edited; once published it never changes.</summary>
public class TemplateVersion : IVersioned
{
    public int Id { get; set; }

    public int TemplateId { get; set; }

    public ConversationTemplate? Template { get; set; }

    public int Number { get; set; }

    /// <summary>The <see cref="TemplateDocument"/> as JSON.</summary>
    public string Content { get; private set; } = "";

    public DateTimeOffset? PublishedAt { get; private set; }

    public long Version { get; set; }

    public bool IsPublished => PublishedAt is not null;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public TemplateDocument Document => JsonSerializer.Deserialize<TemplateDocument>(Content, Json)
        ?? throw new InvalidOperationException($"Template version {Id} has no content.");

    public void SetDocument(TemplateDocument document)
    {
        if (IsPublished)
        {
            throw new DomainException("Error.TemplatePublished");
        }

        Content = JsonSerializer.Serialize(document, Json);
    }

    public void Publish(DateTimeOffset now)
    {
        if (IsPublished)
        {
            throw new DomainException("Error.TemplatePublished");
        }

        PublishedAt = now;
    }
}
