using System.Text.RegularExpressions;

namespace Mus.Web.Api.Scim;

/// <summary>
/// The filters a provisioning client asks before it creates someone: <c>userName eq "…"</c>,
/// <c>externalId eq "…"</c> (and <c>id eq "…"</c>). Anything else is refused with <c>invalidFilter</c>
/// rather than answered with everyone.
/// </summary>
public static partial class ScimFilter
{
    public enum Attribute
    {
        UserName,
        ExternalId,
        Id,
    }

    [GeneratedRegex("""^\s*(?<attr>[A-Za-z:.0-9]+)\s+eq\s+"(?<value>(?:[^"\\]|\\.)*)"\s*$""", RegexOptions.IgnoreCase)]
    private static partial Regex Equality();

    public static (Attribute Attribute, string Value) Parse(string filter)
    {
        var match = Equality().Match(filter);
        if (!match.Success)
        {
            throw ScimRefusals.InvalidFilter("Only 'userName eq \"…\"', 'externalId eq \"…\"' and 'id eq \"…\"' are supported.");
        }

        var name = match.Groups["attr"].Value;
        if (name.StartsWith(ScimJson.UserSchema + ":", StringComparison.OrdinalIgnoreCase))
        {
            name = name[(ScimJson.UserSchema.Length + 1)..];
        }

        // JSON string escapes as RFC 7644 §3.4.2.2 has them; only the quote and the backslash matter here.
        var value = match.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        return name.ToLowerInvariant() switch
        {
            "username" => (Attribute.UserName, value),
            "externalid" => (Attribute.ExternalId, value),
            "id" => (Attribute.Id, value),
            _ => throw ScimRefusals.InvalidFilter($"Filtering on '{name}' is not supported: use userName, externalId or id."),
        };
    }
}
