namespace Mus.Web.Infrastructure.Audit;

public static class AuditRegistration
{
    /// <summary>The record of who read and changed what: collected per request, written in batches by one writer per instance.</summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditTrail>();
        // One writer per instance commits the reads of all requests in batches (group commit).
        builder.Services.AddSingleton<AuditWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AuditWriter>());
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<AuditFlushFilter>());
        return builder;
    }
}
