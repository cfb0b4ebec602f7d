namespace Mus.Web.Pages.Organisation.Scim;

/// <summary>A request SCIM refuses, with the status and <c>scimType</c> of RFC 7644 §3.12; nothing is saved.</summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string? ScimType { get; } = scimType;

    public static ScimException InvalidValue(string detail) => new(StatusCodes.Status400BadRequest, "invalidValue", detail);

    public static ScimException InvalidSyntax(string detail) => new(StatusCodes.Status400BadRequest, "invalidSyntax", detail);

    public static ScimException InvalidPath(string detail) => new(StatusCodes.Status400BadRequest, "invalidPath", detail);

    public static ScimException Uniqueness(string detail) => new(StatusCodes.Status409Conflict, "uniqueness", detail);
}
