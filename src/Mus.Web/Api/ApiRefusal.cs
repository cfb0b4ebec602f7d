namespace Mus.Web.Api;

/// <summary>
/// A request the API or SCIM refuses; nothing is saved. Answered by <see cref="ApiErrors"/>: a SCIM
/// error under <c>/scim</c> (with <see cref="ScimType"/>), problem details elsewhere (with <see cref="Problems"/>).
/// </summary>
public sealed class ApiRefusal(int status, string detail, string? scimType = null, object? problems = null) : Exception(detail)
{
    public int Status { get; } = status;

    /// <summary>SCIM's kind of error (RFC 7644 §3.12), e.g. "invalidValue".</summary>
    public string? ScimType { get; } = scimType;

    /// <summary>More for the client in problem details, e.g. each of an import's problems.</summary>
    public object? Problems { get; } = problems;
}
