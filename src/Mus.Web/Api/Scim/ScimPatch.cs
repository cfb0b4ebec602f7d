using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mus.Web.Api.Scim;

/// <summary>
/// A SCIM PATCH (RFC 7644 §3.5.2) applied to the User's JSON as it is stored; the result is then read
/// like a PUT, so a patch passes the same checks and a bad one changes nothing. Paths: an attribute
/// (<c>active</c>), a sub-attribute (<c>name.givenName</c>), a filtered multi-valued one
/// (<c>emails[type eq "work"].value</c>), and the enterprise extension's (its URN, a colon, the attribute).
/// </summary>
public static partial class ScimPatch
{
    private const int MaxOperations = 100;

    [GeneratedRegex("""^(?<attr>[A-Za-z$][\w$-]*)(\[(?<filterAttr>[A-Za-z][\w]*)\s+eq\s+"(?<filterValue>[^"]*)"\])?(\.(?<sub>[A-Za-z$][\w$-]*))?$""", RegexOptions.IgnoreCase)]
    private static partial Regex PathPattern();

    public static void Apply(JsonObject resource, JsonObject patch)
    {
        if (!ScimJson.HasSchema(patch, ScimJson.PatchOpSchema))
        {
            throw ScimRefusals.InvalidSyntax($"'schemas' must name {ScimJson.PatchOpSchema}.");
        }

        ScimJson.RefuseUnknown(patch, new HashSet<string>(["schemas", "Operations"], StringComparer.OrdinalIgnoreCase), "");
        var operations = ScimJson.Array(patch, "Operations", "Operations");
        if (operations is null || operations.Count == 0 || operations.Count > MaxOperations)
        {
            throw ScimRefusals.InvalidValue($"'Operations' must hold 1 to {MaxOperations} operations.");
        }

        foreach (var entry in operations)
        {
            if (entry is not JsonObject operation)
            {
                throw ScimRefusals.InvalidSyntax("Each operation must be an object.");
            }

            ScimJson.RefuseUnknown(operation, new HashSet<string>(["op", "path", "value"], StringComparer.OrdinalIgnoreCase), " in an operation");
            var op = ScimJson.String(operation, "op", "op")?.ToLowerInvariant();
            if (op is not ("add" or "replace" or "remove"))
            {
                throw ScimRefusals.InvalidSyntax("'op' must be add, replace or remove.");
            }

            var path = ScimJson.String(operation, "path", "path")?.Trim();
            var value = ScimJson.Get(operation, "value")?.DeepClone();
            if (string.IsNullOrEmpty(path))
            {
                ApplyWithoutPath(resource, op, value);
            }
            else
            {
                ApplyAtPath(resource, op, path, value);
            }
        }
    }

    /// <summary>
    /// The User a patched resource describes, so that what the patch changed of what MUS keeps is applied
    /// or refused, never accepted and dropped: a change of the given or family name alone changes the name
    /// shown (which would otherwise still come from <c>displayName</c>), and an address added beside the one
    /// MUS keeps is refused unless it is made the primary one (MUS keeps one address). Name parts MUS only
    /// derived for the answer (<paramref name="person"/> has none) are not stored by a patch that left them alone.
    /// </summary>
    public static ScimUser Kept(JsonObject before, JsonObject after, Person person)
    {
        static string? Text(JsonObject user, string attribute, string? sub = null)
        {
            var node = ScimJson.Get(user, attribute);
            if (sub is not null)
            {
                node = node is JsonObject complex ? ScimJson.Get(complex, sub) : null;
            }

            return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        }

        var partsChanged = Text(before, "name", "givenName") != Text(after, "name", "givenName") || Text(before, "name", "familyName") != Text(after, "name", "familyName");
        // A whole name newly given; one only dropped (a replace of 'name' with its parts) is not.
        var wholeChanged = Text(before, "displayName") != Text(after, "displayName")
            || (Text(after, "name", "formatted") is { } formatted && formatted != Text(before, "name", "formatted"));
        if (partsChanged && !wholeChanged)
        {
            ScimJson.Remove(after, "displayName");
            if (ScimJson.Get(after, "name") is JsonObject name)
            {
                ScimJson.Remove(name, "formatted");
            }
        }

        var user = ScimUser.Read(after);
        if (!partsChanged)
        {
            user = user with { GivenName = person.GivenName, FamilyName = person.FamilyName };
        }

        var earlier = Addresses(before);
        if (Addresses(after).FirstOrDefault(address => !earlier.Contains(address) && address != user.Email) is { } dropped)
        {
            throw ScimRefusals.InvalidValue($"MUS keeps one e-mail address per User, and it would stay {user.Email}, not {dropped}: replace the address (emails[type eq \"work\"].value), or add the new one with \"primary\": true.");
        }

        return user;
    }

    private static HashSet<string> Addresses(JsonObject user) =>
        (ScimJson.Get(user, "emails") as JsonArray ?? []).OfType<JsonObject>()
            .Select(email => ScimJson.Get(email, "value") is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim().ToLowerInvariant() : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>No path: the value is an object of attributes to set (RFC 7644 §3.5.2.1 and .3).</summary>
    private static void ApplyWithoutPath(JsonObject resource, string op, JsonNode? value)
    {
        if (op == "remove")
        {
            throw ScimRefusals.NoTarget("A remove operation needs a 'path'.");
        }

        if (value is not JsonObject attributes)
        {
            throw ScimRefusals.InvalidValue("An operation without 'path' needs an object as 'value'.");
        }

        // Each attribute once, however it is named (title, or with the schema's URN before it): which of two
        // would count is not for MUS to guess.
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Apply(string path, JsonNode? value)
        {
            var plain = path.StartsWith(ScimJson.UserSchema + ":", StringComparison.OrdinalIgnoreCase) ? path[(ScimJson.UserSchema.Length + 1)..] : path;
            if (!named.Add(plain))
            {
                throw ScimRefusals.InvalidSyntax($"The attribute '{plain}' is given twice.");
            }

            ApplyAtPath(resource, op, path, value);
        }

        foreach (var (key, attribute) in attributes.ToList())
        {
            if (string.Equals(key, ScimJson.EnterpriseSchema, StringComparison.OrdinalIgnoreCase) && attribute is JsonObject extension)
            {
                foreach (var (subKey, subValue) in extension.ToList())
                {
                    Apply(ScimJson.EnterpriseSchema + ":" + subKey, subValue?.DeepClone());
                }
            }
            else
            {
                Apply(key, attribute?.DeepClone());
            }
        }
    }

    private static void ApplyAtPath(JsonObject resource, string op, string path, JsonNode? value)
    {
        var container = resource;
        var enterprise = false;
        if (path.StartsWith(ScimJson.EnterpriseSchema + ":", StringComparison.OrdinalIgnoreCase))
        {
            enterprise = true;
            path = path[(ScimJson.EnterpriseSchema.Length + 1)..];
            if (ScimJson.Get(resource, ScimJson.EnterpriseSchema) is JsonObject extension)
            {
                container = extension;
            }
            else
            {
                container = new JsonObject();
                ScimJson.Set(resource, ScimJson.EnterpriseSchema, container);
            }
        }
        else if (path.StartsWith(ScimJson.UserSchema + ":", StringComparison.OrdinalIgnoreCase))
        {
            path = path[(ScimJson.UserSchema.Length + 1)..];
        }

        var match = PathPattern().Match(path);
        var attribute = match.Groups["attr"].Value;
        if (!match.Success || !(enterprise ? ScimUser.IsEnterpriseAttribute(attribute) : ScimUser.IsCoreAttribute(attribute) && attribute != ScimJson.EnterpriseSchema))
        {
            throw ScimRefusals.InvalidPath($"The path '{path}' names no attribute of a User that MUS knows.");
        }

        var sub = match.Groups["sub"].Success ? match.Groups["sub"].Value : null;
        if (match.Groups["filterAttr"].Success)
        {
            ApplyFiltered(container, op, attribute, match.Groups["filterAttr"].Value, match.Groups["filterValue"].Value, sub, value);
            return;
        }

        // A manager given as its bare id is written as the object the schema has.
        if (enterprise && sub is null && string.Equals(attribute, "manager", StringComparison.OrdinalIgnoreCase) && value is JsonValue id)
        {
            value = new JsonObject { ["value"] = id.DeepClone() };
        }

        if (sub is null)
        {
            if (op == "remove")
            {
                ScimJson.Remove(container, attribute);
            }
            else if (op == "add" && ScimJson.Get(container, attribute) is JsonArray existing && value is JsonArray added)
            {
                // RFC 7643 §2.4: one value at most is primary; an added primary one takes it from the others.
                if (added.OfType<JsonObject>().Any(item => ScimJson.IsTrue(ScimJson.Get(item, "primary"))))
                {
                    foreach (var item in existing.OfType<JsonObject>())
                    {
                        ScimJson.Remove(item, "primary");
                    }
                }

                foreach (var item in added)
                {
                    existing.Add(item?.DeepClone());
                }
            }
            else
            {
                ScimJson.Set(container, attribute, value);
            }

            return;
        }

        var complex = ScimJson.Get(container, attribute);
        if (complex is null && op == "remove")
        {
            return;
        }

        if (complex is not JsonObject parent)
        {
            if (complex is not null)
            {
                throw ScimRefusals.InvalidPath($"'{attribute}' has no sub-attributes.");
            }

            parent = new JsonObject();
            ScimJson.Set(container, attribute, parent);
        }

        if (op == "remove")
        {
            ScimJson.Remove(parent, sub);
        }
        else
        {
            ScimJson.Set(parent, sub, value);
        }
    }

    /// <summary><c>emails[type eq "work"].value</c>: the matching entries, or a new one for add and replace.</summary>
    private static void ApplyFiltered(JsonObject container, string op, string attribute, string filterAttribute, string filterValue, string? sub, JsonNode? value)
    {
        var list = ScimJson.Get(container, attribute) as JsonArray;
        if (list is null)
        {
            if (ScimJson.Get(container, attribute) is not null)
            {
                throw ScimRefusals.InvalidPath($"'{attribute}' is not multi-valued.");
            }

            list = [];
            ScimJson.Set(container, attribute, list);
        }

        var matching = list.OfType<JsonObject>()
            .Where(entry => ScimJson.Get(entry, filterAttribute) is JsonValue v && v.TryGetValue<string>(out var text) && string.Equals(text, filterValue, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (op == "remove")
        {
            foreach (var entry in matching)
            {
                if (sub is null)
                {
                    list.Remove(entry);
                }
                else
                {
                    ScimJson.Remove(entry, sub);
                }
            }

            return;
        }

        if (matching.Count == 0)
        {
            var created = new JsonObject { [filterAttribute] = filterValue };
            list.Add(created);
            matching.Add(created);
        }

        foreach (var entry in matching)
        {
            if (sub is null)
            {
                if (value is not JsonObject replacement)
                {
                    throw ScimRefusals.InvalidValue($"'{attribute}' entries are objects.");
                }

                foreach (var (key, item) in replacement)
                {
                    ScimJson.Set(entry, key, item?.DeepClone());
                }
            }
            else
            {
                ScimJson.Set(entry, sub, value?.DeepClone());
            }
        }
    }
}
