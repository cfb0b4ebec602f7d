using System.Text.Json.Serialization;
using Microsoft.OpenApi;

namespace Mus.Web.Api;

public static class ApiRegistration
{
    public const string DocumentName = "v1";

    /// <summary>The OpenAPI document of API v1 (its endpoints only), with the bearer scheme its clients use.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        // Enumerations travel by name ("Held"), in the document and in the answers.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi(DocumentName, openApi =>
        {
            openApi.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            // Enumerations are strings (as the answers carry them), so generated clients read them by name.
            openApi.AddSchemaTransformer((schema, context, _) =>
            {
                if ((Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type).IsEnum && schema.Enum is { Count: > 0 })
                {
                    schema.Type = JsonSchemaType.String;
                }

                return Task.CompletedTask;
            });
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MUS API",
                    Version = "v1",
                    Description = "For HR systems: round status, approved plans, goes-further items, and the organisation's people. "
                        + "Send an API client's token (made by MUS's administrator) as 'Authorization: Bearer <token>'; each endpoint needs one scope.",
                };
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API client's token: mus_<id>_<secret>." },
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return builder;
    }
}
