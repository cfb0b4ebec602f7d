using Mus.Web.Api.Calendar;
using Mus.Web.Api.Scim;
using Mus.Web.Api.V1;

namespace Mus.Web.Api;

public static class ProtocolEndpoints
{
    /// <summary>What programs call rather than people read: the calendar feed, SCIM provisioning and API v1.</summary>
    public static WebApplication MapProtocols(this WebApplication app)
    {
        app.MapCalendarFeed();
        app.MapScim();
        app.MapApi();
        return app;
    }
}
