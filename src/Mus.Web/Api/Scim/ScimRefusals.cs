using Mus.Web.Api;

namespace Mus.Web.Api.Scim;

/// <summary>SCIM's refusals by their <c>scimType</c> (RFC 7644 §3.12); nothing is saved.</summary>
public static class ScimRefusals
{
    public static ApiRefusal InvalidValue(string detail) => new(StatusCodes.Status400BadRequest, detail, "invalidValue");

    public static ApiRefusal InvalidSyntax(string detail) => new(StatusCodes.Status400BadRequest, detail, "invalidSyntax");

    public static ApiRefusal InvalidPath(string detail) => new(StatusCodes.Status400BadRequest, detail, "invalidPath");

    public static ApiRefusal InvalidFilter(string detail) => new(StatusCodes.Status400BadRequest, detail, "invalidFilter");

    public static ApiRefusal NoTarget(string detail) => new(StatusCodes.Status400BadRequest, detail, "noTarget");

    public static ApiRefusal Uniqueness(string detail) => new(StatusCodes.Status409Conflict, detail, "uniqueness");
}
