using System.Text.Json.Nodes;
using Mus.Web.Infrastructure.Http;

namespace Mus.Web.Api.Scim;

/// <summary>
/// What a directory reads to learn what MUS keeps (RFC 7643 §6 and §7): one resource type, User with the
/// enterprise extension, and the two schemas limited to the attributes MUS stores and returns. Attributes
/// of the core schema that are not listed are accepted and not kept (see the deployment guide).
/// </summary>
public static class ScimSchemas
{
    public const string ResourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public const string SchemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public static JsonObject UserResourceType(PublicAddress address) => new()
    {
        ["schemas"] = new JsonArray(ResourceTypeSchema),
        ["id"] = "User",
        ["name"] = "User",
        ["endpoint"] = "/Users",
        ["description"] = "A person in the organisation, with their account in MUS.",
        ["schema"] = ScimJson.UserSchema,
        ["schemaExtensions"] = new JsonArray(new JsonObject { ["schema"] = ScimJson.EnterpriseSchema, ["required"] = false }),
        ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = address.Url("/scim/v2/ResourceTypes/User") },
    };

    public static IReadOnlyList<JsonObject> All(PublicAddress address) => [User(address), Enterprise(address)];

    private static JsonObject User(PublicAddress address) => Schema(address, ScimJson.UserSchema, "User", "A person in the organisation.",
        Attribute("userName", "The directory's sign-in name; unique.", required: true, uniqueness: "server"),
        Complex("name", "The person's name; MUS shows displayName, else formatted, else the given and family names.", multiValued: false,
            Attribute("formatted", "The whole name."),
            Attribute("familyName", "The family name."),
            Attribute("givenName", "The given name.")),
        Attribute("displayName", "The name MUS shows."),
        Attribute("title", "The job title."),
        Attribute("active", "False closes the account in MUS; true opens it again.", type: "boolean"),
        Complex("emails", "MUS keeps one address: the primary one, else the work one; it is the address MUS mails and signs in with.", multiValued: true,
            Attribute("value", "The address."),
            Attribute("type", "work, home or other.", canonical: ["work", "home", "other"]),
            Attribute("primary", "The address MUS keeps.", type: "boolean")));

    private static JsonObject Enterprise(PublicAddress address) => Schema(address, ScimJson.EnterpriseSchema, "EnterpriseUser", "The person's place in the organisation.",
        Attribute("employeeNumber", "The employee number, MUS's key for the person (the CSV import's too); externalId or userName when not sent.", uniqueness: "server"),
        Attribute("department", "The unit, by its code in MUS or (if only one has it) its name."),
        Complex("manager", "The person's leader in MUS: a change runs the change-of-leader protocol.", multiValued: false,
            Attribute("value", "The leader's id in MUS."),
            Attribute("$ref", "The leader's address in SCIM.", type: "reference", mutability: "readOnly"),
            Attribute("displayName", "The leader's name.", mutability: "readOnly")));

    private static JsonObject Schema(PublicAddress address, string id, string name, string description, params JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray(SchemaSchema),
        ["id"] = id,
        ["name"] = name,
        ["description"] = description,
        ["attributes"] = new JsonArray(attributes),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = address.Url("/scim/v2/Schemas/" + id) },
    };

    private static JsonObject Attribute(string name, string description, string type = "string", bool required = false,
        string uniqueness = "none", string mutability = "readWrite", string[]? canonical = null)
    {
        var attribute = new JsonObject
        {
            ["name"] = name,
            ["type"] = type,
            ["multiValued"] = false,
            ["description"] = description,
            ["required"] = required,
            ["mutability"] = mutability,
            ["returned"] = "default",
            ["uniqueness"] = uniqueness,
        };
        if (type == "string")
        {
            attribute["caseExact"] = false;
        }

        if (type == "reference")
        {
            attribute["referenceTypes"] = new JsonArray("User");
        }

        if (canonical is not null)
        {
            attribute["canonicalValues"] = new JsonArray(canonical.Select(value => (JsonNode)value).ToArray());
        }

        return attribute;
    }

    private static JsonObject Complex(string name, string description, bool multiValued, params JsonObject[] subAttributes) => new()
    {
        ["name"] = name,
        ["type"] = "complex",
        ["multiValued"] = multiValued,
        ["description"] = description,
        ["required"] = false,
        ["mutability"] = "readWrite",
        ["returned"] = "default",
        ["uniqueness"] = "none",
        ["subAttributes"] = new JsonArray(subAttributes),
    };
}
