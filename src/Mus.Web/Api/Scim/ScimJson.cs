using System.Text.Json.Nodes;

namespace Mus.Web.Api.Scim;

/// <summary>
/// Reading SCIM's JSON, whose attribute names are case-insensitive (RFC 7643 §2.1), with a clear
/// refusal where a value has the wrong type.
/// </summary>
public static class ScimJson
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string ListResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    /// <summary>The property named <paramref name="name"/> in any case, or null.</summary>
    public static KeyValuePair<string, JsonNode?>? Find(JsonObject container, string name)
    {
        foreach (var property in container)
        {
            if (string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return property;
            }
        }

        return null;
    }

    public static JsonNode? Get(JsonObject container, string name) => Find(container, name)?.Value;

    /// <summary>Sets <paramref name="name"/>, keeping the spelling of a property already there.</summary>
    public static void Set(JsonObject container, string name, JsonNode? value)
    {
        var key = Find(container, name)?.Key ?? name;
        container[key] = value;
    }

    public static bool Remove(JsonObject container, string name) =>
        Find(container, name) is { } found && container.Remove(found.Key);

    public static string? String(JsonObject container, string name, string label)
    {
        var node = Get(container, name);
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw ScimRefusals.InvalidValue($"'{label}' must be a string.");
    }

    /// <summary>A boolean; "true" and "false" as strings too, as some directories send them in patches.</summary>
    public static bool? Boolean(JsonObject container, string name, string label)
    {
        var node = Get(container, name);
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            if (value.TryGetValue<bool>(out var flag))
            {
                return flag;
            }

            if (value.TryGetValue<string>(out var text) && bool.TryParse(text, out flag))
            {
                return flag;
            }
        }

        throw ScimRefusals.InvalidValue($"'{label}' must be a boolean.");
    }

    public static JsonObject? Object(JsonObject container, string name, string label) => Get(container, name) switch
    {
        null => null,
        JsonObject found => found,
        _ => throw ScimRefusals.InvalidValue($"'{label}' must be an object."),
    };

    public static JsonArray? Array(JsonObject container, string name, string label) => Get(container, name) switch
    {
        null => null,
        JsonArray found => found,
        _ => throw ScimRefusals.InvalidValue($"'{label}' must be an array."),
    };

    /// <summary>Refuses an attribute not in <paramref name="known"/>: a typo must not pass for nothing.</summary>
    public static void RefuseUnknown(JsonObject container, IReadOnlySet<string> known, string where)
    {
        foreach (var property in container)
        {
            if (!known.Contains(property.Key))
            {
                throw ScimRefusals.InvalidSyntax($"Unknown attribute '{property.Key}'{where}.");
            }
        }
    }

    /// <summary>
    /// Refuses an object naming one attribute twice (attribute names are case-insensitive): which of the
    /// two would count is not for MUS to guess.
    /// </summary>
    public static void RefuseDuplicates(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject container:
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in container)
                {
                    if (!names.Add(property.Key))
                    {
                        throw ScimRefusals.InvalidSyntax($"The attribute '{property.Key}' is given twice.");
                    }

                    RefuseDuplicates(property.Value);
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    RefuseDuplicates(item);
                }

                break;
        }
    }

    /// <summary>True for a JSON true or the string "true" in any case (some directories send booleans as strings).</summary>
    public static bool IsTrue(JsonNode? node) =>
        node is JsonValue value && ((value.TryGetValue<bool>(out var flag) && flag) || (value.TryGetValue<string>(out var text) && bool.TryParse(text, out flag) && flag));

    public static bool HasSchema(JsonObject container, string schema) =>
        Get(container, "schemas") is JsonArray schemas
        && schemas.Any(s => s is JsonValue v && v.TryGetValue<string>(out var text) && string.Equals(text, schema, StringComparison.OrdinalIgnoreCase));
}
