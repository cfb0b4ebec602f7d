namespace Mus.Web.Infrastructure.Http;

/// <summary>
/// Addresses MUS has used before and may still be in mails, bookmarks and open forms: each answers with
/// a permanent redirect that keeps the method (308; GET, HEAD and POST, the methods the pages serve), so a form opened before an upgrade still posts,
/// and the query (a reset code, a return address). The target is a path on this site, never built from
/// the request's host. Anyone may follow one: the page it leads to applies its own access rule.
/// </summary>
public static class OldAddresses
{
    private static readonly (string Old, string New)[] Moved =
    [
        ("/preparation/{id:int}", "/conversations/{id}/preparation"),
        ("/Account/SignIn", "/sign-in"),
        ("/Account/SignInTwoFactor", "/sign-in/two-factor"),
        ("/Account/SignInRecoveryCode", "/sign-in/recovery-code"),
        ("/Account/ForgotPassword", "/sign-in/forgot-password"),
        ("/Account/ResetPassword", "/sign-in/reset-password"),
        ("/Account/SingleSignOn", "/sign-in/single-sign-on"),
        ("/Account/SignOut", "/sign-out"),
    ];

    public static IEndpointRouteBuilder MapOldAddresses(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (old, target) in Moved)
        {
            endpoints.Map(old, (HttpContext context) =>
            {
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsPost(context.Request.Method))
                {
                    context.Response.Headers.Allow = "GET, HEAD, POST";
                    return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
                }

                var path = target.Replace("{id}", context.GetRouteValue("id")?.ToString(), StringComparison.Ordinal);
                return Results.Redirect(path + context.Request.QueryString, permanent: true, preserveMethod: true);
            }).AllowAnonymous().WithDisplayName("Moved: " + old);
        }

        return endpoints;
    }
}
