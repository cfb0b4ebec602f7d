namespace Mus.Web.Api;

/// <summary>A request the API refuses (RFC 9457 problem details); nothing is saved.</summary>
public sealed class ApiRefusal(int status, string detail, object? extensions = null) : Exception(detail)
{
    public int Status { get; } = status;

    /// <summary>More for the client, e.g. the list of an import's problems.</summary>
    public object? Extensions { get; } = extensions;
}
