using System.Text.Json.Serialization;
using Microsoft.OpenApi;

namespace Mus.Web.Api.V1;

public static class ApiRegistration
{
    public const string DocumentName = "v1";

    /// <summary>The OpenAPI document of API v1 (its endpoints only), with the bearer scheme its clients use.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        // Enumerations travel by name ("Held"), in the document and in the answers; numbers as numbers
        // only (the framework's default also reads "5" for 5, and its document then says "integer or
        // string with a pattern", which a generated client types as number | string).
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
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
            // Ids, pages and the status filter travel as text (so that a wrong one gets a clear 400), but
            // the document says what they must be.
            openApi.AddOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
                {
                    parameter.Schema = parameter.Name switch
                    {
                        "id" or "conversationId" or "roundId" or "page" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
                        "pageSize" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = ApiEndpoints.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                        "status" => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames<Domain.Plans.ForwardedStatus>().Select(n => (System.Text.Json.Nodes.JsonNode)n)] },
                        _ => parameter.Schema,
                    };
                }

                return Task.CompletedTask;
            });
            openApi.AddDocumentTransformer((document, context, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MUS API",
                    Version = "v1",
                    Description = "For HR systems: round status, approved plans, goes-further items, and the organisation's people. "
                        + "Send an API client's token (made by MUS's administrator) as 'Authorization: Bearer <token>'; each endpoint needs one scope.",
                    License = new OpenApiLicense { Name = "Proprietary: for the organisation that runs this MUS, and its own systems", Identifier = "LicenseRef-MUS-Proprietary" },
                };
                // The configured address, never one taken from the request (a forged Host header would be served back).
                var publicAddress = context.ApplicationServices.GetRequiredService<Infrastructure.Http.PublicAddress>().BaseAddress;
                document.Servers = [new OpenApiServer { Url = publicAddress.GetLeftPart(UriPartial.Path).TrimEnd('/'), Description = "This MUS" }];
                document.Tags = new HashSet<OpenApiTag>
                {
                    new() { Name = "Rounds", Description = "The yearly rounds and where each conversation stands: counts and dates, never content." },
                    new() { Name = "Plans", Description = "Development plans both parties approved, as worded and as the PDF filed in the personnel file." },
                    new() { Name = "Goes further", Description = "What a pair agreed to pass on (a course, a change of tasks), with HR's decision." },
                    new() { Name = "Organisation", Description = "The organisation's people, as the HR system holds them." },
                };
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
