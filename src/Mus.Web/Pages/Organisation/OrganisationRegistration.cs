using Mus.Web.Demo;
using Mus.Web.Pages.Organisation.Import;

namespace Mus.Web.Pages.Organisation;

public static class OrganisationRegistration
{
    public static WebApplicationBuilder AddOrganisation(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PeopleImport>();
        builder.Services.AddScoped<Mus.Web.Api.Scim.ScimProvisioning>();
        builder.Services.AddScoped<DemoOrganisation>();
        return builder;
    }
}
