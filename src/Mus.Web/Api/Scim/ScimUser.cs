using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Mus.Web.Infrastructure.Http;

namespace Mus.Web.Api.Scim;

/// <summary>
/// A SCIM User as MUS keeps it: a person and their account. <c>userName</c> is the directory's
/// sign-in name, <c>emails</c> (the primary or work one) the address MUS mails (userName when there is
/// none), the enterprise extension's <c>employeeNumber</c> the key the CSV import uses too (the
/// <c>externalId</c> when there is none), <c>department</c> the unit (its code or name) and
/// <c>manager</c> the leader. The name MUS shows is <c>displayName</c>, else <c>name.formatted</c>, else the
/// given and family names; those two are kept as sent and returned.
/// </summary>
public sealed record ScimUser(
    string UserNameAsSent,
    string? ExternalId,
    string Name,
    string? GivenName,
    string? FamilyName,
    string Email,
    string? Title,
    bool Active,
    string EmployeeNumber,
    string? Department,
    string? ManagerId)
{
    /// <summary>The userName as MUS matches and stores it: without regard to case.</summary>
    public string UserName => Matched(UserNameAsSent);

    private static string Matched(string userName) => userName.ToLowerInvariant();

    private static readonly EmailAddressAttribute EmailFormat = new();

    // The core User schema's attributes (RFC 7643 §4.1); those MUS has no use for are accepted and
    // ignored, so a directory's standard mapping works. Anything else is refused.
    private static readonly HashSet<string> CoreAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "schemas", "id", "externalId", "meta", "userName", "name", "displayName", "nickName", "profileUrl", "title",
        "userType", "preferredLanguage", "locale", "timezone", "active", "password", "emails", "phoneNumbers", "ims",
        "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates", ScimJson.EnterpriseSchema,
    };

    private static readonly HashSet<string> NameAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix",
    };

    private static readonly HashSet<string> EnterpriseAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "employeeNumber", "costCenter", "organization", "division", "department", "manager",
    };

    private static readonly HashSet<string> EmailAttributes = new(StringComparer.OrdinalIgnoreCase) { "value", "type", "primary", "display" };

    private static readonly HashSet<string> ManagerAttributes = new(StringComparer.OrdinalIgnoreCase) { "value", "$ref", "displayName" };

    /// <summary>Whether <paramref name="attribute"/> is one of the core schema's (a patch path's first part).</summary>
    public static bool IsCoreAttribute(string attribute) => CoreAttributes.Contains(attribute);

    public static bool IsEnterpriseAttribute(string attribute) => EnterpriseAttributes.Contains(attribute);

    /// <summary>Reads a whole User (a POST, a PUT, or a patched resource), or refuses it with what is wrong.</summary>
    public static ScimUser Read(JsonObject body)
    {
        if (!ScimJson.HasSchema(body, ScimJson.UserSchema))
        {
            throw ScimRefusals.InvalidSyntax($"'schemas' must name {ScimJson.UserSchema}.");
        }

        ScimJson.RefuseUnknown(body, CoreAttributes, "");
        // Matched without regard to case (RFC 7643 §4.1.1), returned as the directory spelled it.
        var userNameAsSent = Required(ScimJson.String(body, "userName", "userName"), "userName", Person.EmailMaxLength);
        var userName = Matched(userNameAsSent);
        var externalId = Optional(ScimJson.String(body, "externalId", "externalId"), "externalId", Person.ExternalIdMaxLength);

        var name = ScimJson.Object(body, "name", "name");
        if (name is not null)
        {
            ScimJson.RefuseUnknown(name, NameAttributes, " in 'name'");
        }

        var given = name is null ? null : Optional(ScimJson.String(name, "givenName", "name.givenName"), "name.givenName", Person.NameMaxLength);
        var family = name is null ? null : Optional(ScimJson.String(name, "familyName", "name.familyName"), "name.familyName", Person.NameMaxLength);
        var fullName = Optional(ScimJson.String(body, "displayName", "displayName"), "displayName", Person.NameMaxLength)
            ?? Optional(name is null ? null : ScimJson.String(name, "formatted", "name.formatted"), "name.formatted", Person.NameMaxLength)
            ?? Optional(string.Join(' ', new[] { given, family }.Where(n => !string.IsNullOrEmpty(n))), "name", Person.NameMaxLength)
            ?? throw ScimRefusals.InvalidValue("'displayName' or 'name' is required: MUS shows people by name.");

        var title = Optional(ScimJson.String(body, "title", "title"), "title", Person.JobTitleMaxLength);
        var active = ScimJson.Boolean(body, "active", "active") ?? true;
        var email = (WorkEmail(body) ?? userName).Trim().ToLowerInvariant();
        if (email.Length > Person.EmailMaxLength || !EmailFormat.IsValid(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            throw ScimRefusals.InvalidValue($"'{email}' is not an e-mail address: give one in 'emails', or as 'userName'.");
        }

        string? employeeNumber = null, department = null, managerId = null;
        if (ScimJson.Object(body, ScimJson.EnterpriseSchema, ScimJson.EnterpriseSchema) is { } enterprise)
        {
            ScimJson.RefuseUnknown(enterprise, EnterpriseAttributes, " in the enterprise extension");
            employeeNumber = Optional(ScimJson.String(enterprise, "employeeNumber", "employeeNumber"), "employeeNumber", Person.EmployeeNumberMaxLength);
            department = Optional(ScimJson.String(enterprise, "department", "department"), "department", OrgUnit.NameMaxLength);
            foreach (var ignored in new[] { "costCenter", "organization", "division" })
            {
                ScimJson.String(enterprise, ignored, ignored);
            }

            managerId = ScimJson.Get(enterprise, "manager") switch
            {
                null => null,
                JsonObject manager => ManagerValue(manager),
                // A bare id, as some directories send it.
                JsonValue value when value.TryGetValue<string>(out var id) => Optional(id, "manager", 20),
                _ => throw ScimRefusals.InvalidValue("'manager' must be an object with a 'value'."),
            };
        }

        // MUS knows people by their employee number (the CSV import's key); a directory that sends none
        // (Okta's default mapping) is keyed by its externalId, else by the userName.
        employeeNumber ??= new[] { externalId, userName }.FirstOrDefault(key => key is { Length: <= Person.EmployeeNumberMaxLength })
            ?? throw ScimRefusals.InvalidValue($"'employeeNumber' ({ScimJson.EnterpriseSchema}) is required, or an 'externalId' or 'userName' of at most {Person.EmployeeNumberMaxLength} characters: MUS knows people by their employee number.");
        return new ScimUser(userNameAsSent, externalId, fullName, given, family, email, title, active, employeeNumber, department, managerId);
    }

    private static string? ManagerValue(JsonObject manager)
    {
        ScimJson.RefuseUnknown(manager, ManagerAttributes, " in 'manager'");
        ScimJson.String(manager, "displayName", "manager.displayName");
        ScimJson.String(manager, "$ref", "manager.$ref");
        return Optional(ScimJson.String(manager, "value", "manager.value"), "manager.value", 20);
    }

    private static string? WorkEmail(JsonObject body)
    {
        if (ScimJson.Array(body, "emails", "emails") is not { } emails)
        {
            return null;
        }

        var candidates = new List<(string Value, bool Primary, bool Work)>();
        foreach (var entry in emails)
        {
            if (entry is not JsonObject email)
            {
                throw ScimRefusals.InvalidValue("Each of 'emails' must be an object.");
            }

            ScimJson.RefuseUnknown(email, EmailAttributes, " in 'emails'");
            var value = ScimJson.String(email, "value", "emails.value");
            var type = ScimJson.String(email, "type", "emails.type");
            var primary = ScimJson.Boolean(email, "primary", "emails.primary") ?? false;
            if (!string.IsNullOrWhiteSpace(value))
            {
                candidates.Add((value, primary, string.Equals(type, "work", StringComparison.OrdinalIgnoreCase)));
            }
        }

        return candidates.OrderByDescending(c => c.Primary).ThenByDescending(c => c.Work).Select(c => c.Value).FirstOrDefault();
    }

    private static string Required(string? value, string label, int maxLength) =>
        Optional(value, label, maxLength) ?? throw ScimRefusals.InvalidValue($"'{label}' is required.");

    private static string? Optional(string? value, string label, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > maxLength || trimmed.Any(char.IsControl))
        {
            throw ScimRefusals.InvalidValue($"'{label}' must be at most {maxLength} characters, without control characters.");
        }

        return trimmed;
    }

    /// <summary>What MUS holds of a person, as a SCIM User.</summary>
    public sealed record Stored(Person Person, string UnitCode, bool Active, string? LeaderName);

    public static JsonObject Write(Stored stored, PublicAddress address)
    {
        var person = stored.Person;
        var id = person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var enterprise = new JsonObject
        {
            ["employeeNumber"] = person.EmployeeNumber,
            ["department"] = stored.UnitCode,
        };
        if (person.LeaderId is int leaderId)
        {
            var leader = leaderId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            enterprise["manager"] = new JsonObject { ["value"] = leader, ["$ref"] = address.Url("/scim/v2/Users/" + leader), ["displayName"] = stored.LeaderName };
        }

        var user = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimJson.UserSchema, ScimJson.EnterpriseSchema),
            ["id"] = id,
            ["userName"] = UserNameOf(person),
            ["name"] = NameOf(person),
            ["displayName"] = person.Name,
            ["active"] = stored.Active,
            ["emails"] = new JsonArray(new JsonObject { ["value"] = person.Email, ["type"] = "work", ["primary"] = true }),
            [ScimJson.EnterpriseSchema] = enterprise,
            ["meta"] = new JsonObject
            {
                ["resourceType"] = "User",
                ["location"] = address.Url("/scim/v2/Users/" + id),
                ["version"] = ETag(stored),
            },
        };
        if (person.ExternalId is not null)
        {
            user["externalId"] = person.ExternalId;
        }

        if (person.JobTitle is not null)
        {
            user["title"] = person.JobTitle;
        }

        return user;
    }

    private static string UserNameOf(Person person)
    {
        var kept = person.DirectoryUserName ?? person.Email;
        return string.Equals(person.DirectoryUserNameSpelling, kept, StringComparison.OrdinalIgnoreCase) ? person.DirectoryUserNameSpelling! : kept;
    }

    /// <summary>
    /// The name's parts as the directory sent them; for someone MUS has only a whole name for (made in MUS or
    /// by the import), the last word as the family name and the rest as the given name, as directories
    /// expect both (Okta's tests read them from the first User listed).
    /// </summary>
    private static JsonObject NameOf(Person person)
    {
        var name = new JsonObject { ["formatted"] = person.Name };
        var given = person.GivenName;
        var family = person.FamilyName;
        if (given is null && family is null && person.Name.Trim() is var whole && whole.LastIndexOf(' ') is var space && space > 0)
        {
            given = whole[..space].TrimEnd();
            family = whole[(space + 1)..];
        }

        if (given is not null)
        {
            name["givenName"] = given;
        }

        if (family is not null)
        {
            name["familyName"] = family;
        }

        return name;
    }

    /// <summary>
    /// The User's version (<c>meta.version</c> and the ETag): it changes with anything the representation
    /// shows, the person's row (its version counts every change), the account's state (<c>active</c>), the
    /// unit's code and the leader's name, so an If-Match naming a version read before any of them changed is refused.
    /// </summary>
    public static string ETag(Stored stored)
    {
        var shown = string.Join('\n', stored.Person.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.Active ? "active" : "closed", stored.UnitCode, stored.LeaderName ?? "");
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(shown));
        return $"W/\"{Convert.ToHexStringLower(hash, 0, 8)}\"";
    }
}
