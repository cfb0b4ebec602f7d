using System.Text.Json.Nodes;

namespace Mus.Web.Api.Scim;

/// <summary>
/// The <c>attributes</c> and <c>excludedAttributes</c> parameters (RFC 7644 §3.4.2.5, §3.9): a comma-separated
/// list of attributes, sub-attributes (<c>name.givenName</c>) or the enterprise extension's (its URN, a
/// colon, the attribute), to return only those or all but those. <c>schemas</c> and <c>id</c> are always returned.
/// </summary>
public sealed class ScimAttributes
{
    private static readonly string[] AlwaysReturned = ["schemas", "id"];

    private readonly IReadOnlyList<(bool Enterprise, string Attribute, string? Sub)> listed;
    private readonly bool only;

    private ScimAttributes(IReadOnlyList<(bool, string, string?)> listed, bool only)
    {
        this.listed = listed;
        this.only = only;
    }

    /// <summary>Null when neither is given; refused when both are, or when one names no attribute of a User.</summary>
    public static ScimAttributes? Parse(string? attributes, string? excludedAttributes)
    {
        if (attributes is not null && excludedAttributes is not null)
        {
            throw ScimRefusals.InvalidSyntax("Give 'attributes' or 'excludedAttributes', not both.");
        }

        var text = attributes ?? excludedAttributes;
        return text is null ? null : new ScimAttributes(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Path).ToList(), attributes is not null);
    }

    private static (bool, string, string?) Path(string path)
    {
        var enterprise = false;
        if (string.Equals(path, ScimJson.EnterpriseSchema, StringComparison.OrdinalIgnoreCase))
        {
            return (false, ScimJson.EnterpriseSchema, null);
        }

        if (path.StartsWith(ScimJson.EnterpriseSchema + ":", StringComparison.OrdinalIgnoreCase))
        {
            enterprise = true;
            path = path[(ScimJson.EnterpriseSchema.Length + 1)..];
        }
        else if (path.StartsWith(ScimJson.UserSchema + ":", StringComparison.OrdinalIgnoreCase))
        {
            path = path[(ScimJson.UserSchema.Length + 1)..];
        }

        var parts = path.Split('.');
        var known = enterprise ? ScimUser.IsEnterpriseAttribute(parts[0]) : ScimUser.IsCoreAttribute(parts[0]);
        if (parts.Length > 2 || !known || parts.Any(string.IsNullOrEmpty))
        {
            throw ScimRefusals.InvalidValue($"'{path}' names no attribute of a User.");
        }

        return (enterprise, parts[0], parts.Length == 2 ? parts[1] : null);
    }

    public JsonObject Apply(JsonObject user)
    {
        if (!only)
        {
            var kept = (JsonObject)user.DeepClone();
            foreach (var (enterprise, attribute, sub) in listed)
            {
                var container = enterprise ? ScimJson.Get(kept, ScimJson.EnterpriseSchema) as JsonObject : kept;
                if (container is null || (!enterprise && sub is null && AlwaysReturned.Contains(attribute, StringComparer.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (sub is null)
                {
                    ScimJson.Remove(container, attribute);
                }
                else
                {
                    foreach (var item in Items(ScimJson.Get(container, attribute)))
                    {
                        ScimJson.Remove(item, sub);
                    }
                }
            }

            return kept;
        }

        var result = new JsonObject();
        foreach (var always in AlwaysReturned)
        {
            result[always] = ScimJson.Get(user, always)?.DeepClone();
        }

        foreach (var (enterprise, attribute, sub) in listed)
        {
            var source = enterprise ? ScimJson.Get(user, ScimJson.EnterpriseSchema) as JsonObject : user;
            var target = result;
            if (enterprise)
            {
                target = ScimJson.Get(result, ScimJson.EnterpriseSchema) as JsonObject ?? new JsonObject();
                ScimJson.Set(result, ScimJson.EnterpriseSchema, target);
            }

            var value = source is null ? null : ScimJson.Get(source, attribute);
            if (value is null)
            {
                continue;
            }

            if (sub is null)
            {
                ScimJson.Set(target, attribute, value.DeepClone());
            }
            else if (value is JsonObject complex)
            {
                var part = ScimJson.Get(target, attribute) as JsonObject ?? new JsonObject();
                ScimJson.Set(target, attribute, part);
                if (ScimJson.Get(complex, sub) is { } subValue)
                {
                    ScimJson.Set(part, sub, subValue.DeepClone());
                }
            }
            else if (value is JsonArray items)
            {
                // emails.value: each entry with only that sub-attribute.
                var existing = ScimJson.Get(target, attribute) as JsonArray;
                var projected = existing ?? new JsonArray(items.Select(_ => (JsonNode)new JsonObject()).ToArray());
                ScimJson.Set(target, attribute, projected);
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is JsonObject item && ScimJson.Get(item, sub) is { } subValue && projected[i] is JsonObject entry)
                    {
                        ScimJson.Set(entry, sub, subValue.DeepClone());
                    }
                }
            }
        }

        if (ScimJson.Get(result, ScimJson.EnterpriseSchema) is JsonObject { Count: 0 })
        {
            ScimJson.Remove(result, ScimJson.EnterpriseSchema);
        }

        return result;
    }

    private static IEnumerable<JsonObject> Items(JsonNode? node) => node switch
    {
        JsonObject single => [single],
        JsonArray many => many.OfType<JsonObject>(),
        _ => [],
    };
}
