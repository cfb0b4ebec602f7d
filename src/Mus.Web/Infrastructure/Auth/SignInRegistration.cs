using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Mus.Web.Infrastructure.Auth.SingleSignOn;
using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Infrastructure.Auth;

public static class SignInRegistration
{
    private const string SignedInAtKey = "mus.signedInAt";

    /// <summary>
    /// Local accounts with lockout and optional TOTP, a secure cookie, and a fallback policy so
    /// that every endpoint needs a signed-in user unless it says otherwise.
    /// </summary>
    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        var options = builder.AddSettings<SignInOptions>(SignInOptions.Section);
        builder.AddSignInRateLimit(options);

        // Secure cookies everywhere but on a developer's own machine, where the demo runs on plain
        // http://localhost; there they follow the request.
        var securePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

        builder.Services
            .AddIdentity<AppUser, IdentityRole>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.Password.RequiredLength = 10;
                // Length over composition rules, as current guidance (NIST SP 800-63B) recommends.
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireDigit = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = options.MaxFailedAttempts;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(options.LockoutMinutes);
                identity.Tokens.AuthenticatorTokenProvider = SingleUseAuthenticatorTokenProvider.Name;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserStore<MusUserStore>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(SingleUseAuthenticatorTokenProvider.Name)
            .AddSignInManager<MusSignInManager>()
            .AddClaimsPrincipalFactory<PersonClaimsPrincipalFactory>();

        builder.AddSingleSignOn(securePolicy);
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "mus.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = securePolicy;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = "/sign-in";
            cookie.LogoutPath = "/sign-out";
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(options.IdleTimeoutMinutes);
            cookie.SlidingExpiration = true;
            // The moment of sign-in travels with the ticket (sliding renewal resets its issue time, not this).
            cookie.Events.OnSigningIn = context =>
            {
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                context.Properties.Items.TryAdd(SignedInAtKey, now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                return Task.CompletedTask;
            };
            cookie.Events.OnValidatePrincipal = async context =>
            {
                var absolute = TimeSpan.FromMinutes(options.AbsoluteTimeoutMinutes);
                if (!context.Properties.Items.TryGetValue(SignedInAtKey, out var value)
                    || !DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var signedInAt)
                    || signedInAt + absolute < context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow())
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                // The security stamp is compared on every request (no renewal of the cookie): signing
                // out, a password reset or disabling the account ends every session of the user at their
                // next request. What the database says is kept for a few seconds (SessionStamps), and
                // forgotten on every instance when the account changes.
                var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
                var stamp = context.Principal?.FindFirstValue(new ClaimsIdentityOptions().SecurityStampClaimType);
                var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStamps>();
                if (!sessions.TryGet(userId, out var current))
                {
                    var generation = sessions.Generation;
                    var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
                    // (A lockout after wrong passwords alone does not end sessions, or anyone could throw a user out.)
                    // The same query answers whether the person leads anyone, for LeaderClaimsTransformation:
                    // one round trip instead of two.
                    var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                    var lookup = db.Users.AsNoTracking().Where(u => u.Id == userId)
                        .Select(u => new SessionStamps.Known(u.SecurityStamp, u.PersonId != null && db.People.Any(p => p.LeaderId == u.PersonId), now))
                        .SingleOrDefaultAsync();
                    try
                    {
                        current = await lookup;
                    }
                    catch (Exception failure)
                    {
                        // Authentication keeps its outcome for the whole request, a failure too, and the error
                        // page would meet it again and fail in turn (a blank 500). So the request goes on as a
                        // visitor's (the cookie stays) and the failure is thrown after authentication, where
                        // the error page shows it: 503 if the database is busy or restarting.
                        context.RejectPrincipal();
                        SessionCheckFailure.Keep(context.HttpContext, failure);
                        return;
                    }

                    if (current is not null)
                    {
                        sessions.Remember(userId, current, generation);
                    }
                }

                if (current is null || current.SecurityStamp != stamp)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                context.HttpContext.Items[LeaderClaimsTransformation.LeadsKey] = current.Leads;
            };
            // A refusal is a 403 with our error page, not a redirect to a page of its own.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        builder.Services.Configure<CookieTempDataProviderOptions>(tempData => tempData.Cookie.SecurePolicy = securePolicy);
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "mus.antiforgery";
            antiforgery.Cookie.SecurePolicy = securePolicy;
        });

        builder.Services.AddScoped<IClaimsTransformation, LeaderClaimsTransformation>();
        // SQLite has one instance, which hears every announcement itself; on PostgreSQL what is known is
        // used only while the listener hears the other instances.
        var postgres = builder.Settings<Data.DatabaseOptions>().IsPostgres;
        builder.Services.AddSingleton(services => new SessionStamps(services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<SessionStamps>>()) { Trusted = !postgres });
        builder.Services.AddScoped<AccountAddress>();
        if (postgres)
        {
            builder.Services.AddHostedService<SessionStampListener>();
        }
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<SignInGuard>();
        builder.Services.AddSingleton<PasswordResetMailer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PasswordResetMailer>());
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.SignedIn, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(Policies.Employee, policy => policy.RequireClaim(PersonClaimsPrincipalFactory.PersonIdClaim))
            .AddPolicy(Policies.ConversationPage, policy => policy.RequireClaim(PersonClaimsPrincipalFactory.PersonIdClaim))
            .AddPolicy(Policies.RoundMember, policy => policy.RequireRole(Roles.Hr, Roles.Leader))
            .AddPolicy(Policies.Leader, policy => policy.RequireRole(Roles.Leader))
            .AddPolicy(Policies.Hr, policy => policy.RequireRole(Roles.Hr))
            .AddPolicy(Policies.Administrator, policy => policy.RequireRole(Roles.Administrator))
            .AddPolicy(Policies.OrganisationManager, policy => policy.RequireRole(Roles.Hr, Roles.Administrator));
        return builder;
    }
}
