using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Infrastructure.Auth.SingleSignOn;

public static class SingleSignOnRegistration
{
    public const string CallbackPath = "/signin-oidc";
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    /// <summary>The page the provider's answer ends on, where the person is found and signed in.</summary>
    public const string LandingPage = "/sign-in/single-sign-on";

    /// <summary>
    /// OpenID Connect with the authorization code and PKCE, when <c>SingleSignOn:Authority</c> is set.
    /// The provider's answer lands in Identity's short-lived external cookie; the landing page matches
    /// it to an account and signs that account in as a password would.
    /// </summary>
    public static void AddSingleSignOn(this WebApplicationBuilder builder, CookieSecurePolicy securePolicy)
    {
        var options = builder.AddSettings<SingleSignOnOptions>(SingleSignOnOptions.Section);
        builder.Services.AddScoped<SingleSignOnPolicy>();
        if (!options.Enabled)
        {
            return;
        }

        builder.Services.AddAuthentication().AddOpenIdConnect(SingleSignOnOptions.Scheme, oidc =>
        {
            oidc.Authority = options.Authority;
            oidc.RequireHttpsMetadata = new Uri(options.Authority!).Scheme == Uri.UriSchemeHttps;
            oidc.ClientId = options.ClientId;
            oidc.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back in the query of a top-level redirect, so the correlation cookies can
            // stay SameSite=Lax (a form post from the provider would need SameSite=None).
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.UsePkce = true;
            oidc.Scope.Clear();
            foreach (var scope in ("openid " + options.Scopes).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal))
            {
                oidc.Scope.Add(scope);
            }

            oidc.SignInScheme = IdentityConstants.ExternalScheme;
            // Sign-out reads the ID token (the provider's hint of whose session to end) from MUS's own cookie.
            oidc.SignOutScheme = IdentityConstants.ApplicationScheme;
            oidc.SaveTokens = true;
            // Claims keep the provider's names ("email", "preferred_username"), as the settings name them.
            oidc.MapInboundClaims = false;
            oidc.CallbackPath = CallbackPath;
            oidc.SignedOutCallbackPath = SignedOutCallbackPath;
            // No front-channel sign-out from the provider: MUS does not use it, and the handler's default
            // address would let any link (a GET without the provider's session id) end someone's session.
            oidc.RemoteSignOutPath = PathString.Empty;
            oidc.BackchannelTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
            oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oidc.CorrelationCookie.SecurePolicy = securePolicy;
            oidc.NonceCookie.SameSite = SameSiteMode.Lax;
            oidc.NonceCookie.SecurePolicy = securePolicy;

            // The addresses the provider sends the person back to come from App:PublicUrl, never from the
            // request's Host header.
            oidc.Events.OnRedirectToIdentityProvider = context =>
            {
                context.ProtocolMessage.RedirectUri = PublicUrl(context.HttpContext, CallbackPath);
                return Task.CompletedTask;
            };
            oidc.Events.OnRedirectToIdentityProviderForSignOut = context =>
            {
                context.ProtocolMessage.PostLogoutRedirectUri = PublicUrl(context.HttpContext, SignedOutCallbackPath);
                return Task.CompletedTask;
            };
            // An error from the provider, a refused or expired answer, or a provider that cannot be reached
            // when the code is redeemed: a page that says so and offers another try, never a 500.
            oidc.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOnRegistration))
                    .LogWarning(context.Failure, "Single sign-on did not complete");
                context.Response.Redirect(context.Request.PathBase + LandingPage + "?handler=Failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    private static string PublicUrl(HttpContext context, string path) =>
        context.RequestServices.GetRequiredService<PublicAddress>().Url(path);
}
