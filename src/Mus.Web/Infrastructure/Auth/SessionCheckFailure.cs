using System.Runtime.ExceptionServices;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// A session check that could not reach the database is thrown here, just after authentication,
/// rather than inside it (see the cookie's OnValidatePrincipal): the exception handler then shows
/// its page, and re-running the pipeline for that page finds the failure already taken.
/// </summary>
public static class SessionCheckFailure
{
    private static readonly object Key = new();

    public static void Keep(HttpContext context, Exception failure) => context.Items[Key] = ExceptionDispatchInfo.Capture(failure);

    public static IApplicationBuilder ThrowSessionCheckFailures(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Items.Remove(Key, out var failure))
        {
            ((ExceptionDispatchInfo)failure!).Throw();
        }

        await next();
    });
}
