using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mus.Web.Pages.Api;

/// <summary>
/// API v1's reference, for the people who connect an HR system: the OpenAPI document the API serves,
/// as a page (each operation, its scope, parameters, body and answers; each schema's fields). Open to
/// anyone, as the document is: it describes the API, not the organisation.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel([FromKeyedServices(Mus.Web.Api.V1.ApiRegistration.DocumentName)] IOpenApiDocumentProvider documents) : PageModel
{
    public sealed record Operation(string Method, string Path, string? Summary, string? Description, IReadOnlyList<Parameter> Parameters, string? Body, IReadOnlyList<(string Status, string? Description, string? Types)> Responses);

    public sealed record Parameter(string Name, string In, bool Required);

    public sealed record Schema(string Name, string? Description, IReadOnlyList<(string Name, string Type, string? Description)> Fields);

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    public IReadOnlyList<Operation> Operations { get; private set; } = [];

    public IReadOnlyList<Schema> Schemas { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var document = await documents.GetOpenApiDocumentAsync(HttpContext.RequestAborted);
        Title = document.Info.Title + " " + document.Info.Version;
        Description = document.Info.Description;
        Operations = (document.Paths ?? new OpenApiPaths())
            .SelectMany(path => (path.Value.Operations ?? []).Select(operation => new Operation(
                operation.Key.Method,
                path.Key,
                operation.Value.Summary,
                operation.Value.Description,
                (operation.Value.Parameters ?? []).Select(p => new Parameter(p.Name ?? "", p.In?.ToString().ToLowerInvariant() ?? "", p.Required)).ToList(),
                operation.Value.RequestBody?.Content?.Select(c => $"{c.Key}: {TypeOf(c.Value.Schema)}").FirstOrDefault(),
                (operation.Value.Responses ?? []).OrderBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => (r.Key, r.Value.Description, r.Value.Content is { Count: > 0 } content ? string.Join(", ", content.Select(c => $"{c.Key} {TypeOf(c.Value.Schema)}".Trim())) : null))
                    .ToList())))
            .ToList();
        Schemas = (document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new Schema(s.Key, s.Value.Description,
                s.Value.Enum is { Count: > 0 } values
                    ? [("", "one of: " + string.Join(", ", values.Select(v => v?.ToString())), null)]
                    : (s.Value.Properties ?? new Dictionary<string, IOpenApiSchema>()).Select(p => (p.Key, TypeOf(p.Value), p.Value.Description)).ToList()))
            .ToList();
    }

    /// <summary>A schema as a reader wants it named: the component it refers to, or its type (a list of …).</summary>
    private static string TypeOf(IOpenApiSchema? schema) => schema switch
    {
        null => "",
        OpenApiSchemaReference reference => reference.Reference.Id ?? "",
        { Items: { } items } => $"list of {TypeOf(items)}",
        { Type: { } type } => (type & ~JsonSchemaType.Null).ToString().ToLowerInvariant() + (schema.Format is { } format ? $" ({format})" : "") + (type.HasFlag(JsonSchemaType.Null) ? ", may be null" : ""),
        { OneOf: { Count: > 0 } choices } => string.Join(" or ", choices.Select(TypeOf)),
        _ => "",
    };
}
