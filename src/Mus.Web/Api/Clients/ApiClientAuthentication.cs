using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Mus.Web.Api;

namespace Mus.Web.Api.Clients;

/// <summary>
/// Bearer tokens of API clients (<c>Authorization: Bearer mus_…</c>). Only the API's and SCIM's
/// endpoints name this scheme, so a browser's cookie never reaches them (no cross-site requests with
/// someone's session), and a token never opens a page.
/// </summary>
public sealed class ApiClientAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AppDbContext db, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiClient";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        // A token not shaped like ours, an unknown client, a revoked one and a wrong secret are one answer.
        if (!ApiTokens.TryParse(header["Bearer ".Length..].Trim(), out var clientId, out var secret))
        {
            return AuthenticateResult.Fail("invalid token");
        }

        var client = await db.ApiClients.AsNoTracking().Where(c => c.Id == clientId && c.RevokedAt == null)
            .Select(c => new { c.Id, c.Name, c.Scopes, c.SecretHash, c.LastUsedAt }).SingleOrDefaultAsync(Context.RequestAborted);
        if (client is null || !ApiTokens.Matches(secret, client.SecretHash))
        {
            ApiTokens.Matches(secret, new string('0', 64));
            return AuthenticateResult.Fail("invalid token");
        }

        // When it was last used, for the administrator's list: to the minute, so written once a minute at most.
        var now = time.GetUtcNow().UtcDateTime;
        var minute = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
        if (client.LastUsedAt is null || client.LastUsedAt < minute)
        {
            try
            {
                await db.ApiClients.Where(c => c.Id == client.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.LastUsedAt, minute), Context.RequestAborted);
            }
            catch (Exception busy) when (busy is System.Data.Common.DbException || StorageFailedException.IsBusy(busy))
            {
                // Bookkeeping only: a database too busy for it a moment does not refuse the call (the next minute tries again).
                Logger.LogWarning(busy, "When API client {ClientId} was last used could not be written", client.Id);
            }
        }

        var identity = new ClaimsIdentity(SchemeName);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, "api-client:" + client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Name, client.Name));
        identity.AddClaim(new Claim(ApiScopes.ClientClaim, client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var scope in client.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            identity.AddClaim(new Claim(ApiScopes.ScopeClaim, scope));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = Context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure is not null;
        Response.Headers.WWWAuthenticate = failed ? "Bearer realm=\"MUS\", error=\"invalid_token\"" : "Bearer realm=\"MUS\"";
        return ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, failed ? "The bearer token is not valid." : "A bearer token is needed.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"MUS\", error=\"insufficient_scope\"";
        return ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, "The client's token does not carry the scope this needs.");
    }
}
