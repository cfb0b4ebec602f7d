namespace Mus.Web.Domain.Templates;

/// <summary>A family of template versions, such as "Fire temaer". Conversations pin a version, never the family.</summary>
public class ConversationTemplate : IVersioned
{
    public const int NameMaxLength = 200;

    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The key of a built-in template ("standard", "four-themes", …); null for HR's own.</summary>
    public string? BuiltInKey { get; set; }

    public List<TemplateVersion> Versions { get; } = [];

    public long Version { get; set; }
}
