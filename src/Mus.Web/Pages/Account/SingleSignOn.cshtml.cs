using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Mus.Web.Infrastructure.Auth.SingleSignOn;

namespace Mus.Web.Pages.Account;

/// <summary>
/// Where the organisation's provider sends the person back (through the OpenID Connect handler): the
/// claim named in the settings is matched to an account, by e-mail address or employee number, and
/// that account is signed in. Nobody is created here: someone MUS does not know is told so.
/// Its post sends the browser to the provider. Not rate limited as the password pages are: nothing is
/// guessed here, and a whole office behind one address signs in through it at nine o'clock.
/// </summary>
[AllowAnonymous]
public sealed class SingleSignOnModel(SignInManager<AppUser> signInManager, AppDbContext db, SingleSignOnOptions options, ILogger<SingleSignOnModel> logger) : PageModel
{
    public const string AuthenticationMethod = "oidc";

    public enum Refusal
    {
        /// <summary>The provider's answer did not come or could not be read.</summary>
        Failed,

        /// <summary>The provider could not be reached to begin with.</summary>
        Unreachable,

        /// <summary>The answer names nobody MUS knows.</summary>
        Unknown,

        /// <summary>The provider says the e-mail address is not verified.</summary>
        Unverified,

        /// <summary>The account is closed.</summary>
        Closed,
    }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public Refusal? Outcome { get; private set; }

    /// <summary>What the provider said the person is (their own address or number), shown to them.</summary>
    public string? ClaimedAs { get; private set; }

    public bool MatchesEmployeeNumber => options.MatchesEmployeeNumber;

    /// <summary>
    /// Sends the browser to the organisation's provider. A provider that cannot be reached (its
    /// discovery document does not come) is said here, with a button to try again and the way to the
    /// password form, which the break-glass administrator can still use.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!options.Enabled)
        {
            return NotFound();
        }

        var landing = Url.Page(SingleSignOnRegistration.LandingPage, new { ReturnUrl = SignInModel.SafeReturnUrl(ReturnUrl) });
        try
        {
            await HttpContext.ChallengeAsync(SingleSignOnOptions.Scheme, new AuthenticationProperties { RedirectUri = landing });
            return new EmptyResult();
        }
        catch (Exception unreachable) when (!HttpContext.RequestAborted.IsCancellationRequested && !Response.HasStarted)
        {
            logger.LogWarning(unreachable, "The organisation's sign-in could not be reached");
            return Refuse(Refusal.Unreachable);
        }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!options.Enabled)
        {
            return NotFound();
        }

        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        // The provider's answer is used once: gone from the browser whatever happens next.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Principal is null)
        {
            return Refuse(Refusal.Failed);
        }

        ClaimedAs = external.Principal.FindFirstValue(options.MatchClaim)?.Trim();
        if (string.IsNullOrEmpty(ClaimedAs) || ClaimedAs.Length > 254)
        {
            logger.LogWarning("Single sign-on refused: the provider's answer has no usable claim {Claim}", options.MatchClaim);
            ClaimedAs = null;
            return Refuse(Refusal.Unknown);
        }

        // A provider that lets people choose their address says whether it checked it; an unchecked one
        // could be anybody's.
        if (!options.MatchesEmployeeNumber && string.Equals(external.Principal.FindFirstValue("email_verified"), "false", StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Single sign-on refused: the provider has not verified the e-mail address");
            return Refuse(Refusal.Unverified);
        }

        var user = options.MatchesEmployeeNumber
            ? await db.Users.SingleOrDefaultAsync(u => u.Person!.EmployeeNumber == ClaimedAs)
            : await signInManager.UserManager.FindByEmailAsync(ClaimedAs);
        if (user is null)
        {
            logger.LogWarning("Single sign-on refused: no account matches the provider's {Claim}", options.MatchClaim);
            return Refuse(Refusal.Unknown);
        }

        if (AccountStatus.IsDisabled(user))
        {
            logger.LogWarning("Single sign-on refused: account {UserId} is closed", user.Id);
            return Refuse(Refusal.Closed);
        }

        // The provider checked who this is (and, where it is set up so, a second factor): MUS's own
        // second step is for passwords. The ID token is kept in the session's cookie for signing out
        // at the provider.
        var properties = new AuthenticationProperties();
        if (external.Properties?.GetTokenValue("id_token") is { } idToken)
        {
            properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
        }

        await signInManager.SignInAsync(user, properties, AuthenticationMethod);
        logger.LogInformation("Account {UserId} signed in through single sign-on", user.Id);
        return LocalRedirect(SignInModel.SafeReturnUrl(ReturnUrl));
    }

    /// <summary>The handler's landing after an error from the provider or an answer it refused.</summary>
    public IActionResult OnGetFailed() => options.Enabled ? Refuse(Refusal.Failed) : NotFound();

    private PageResult Refuse(Refusal refusal)
    {
        Outcome = refusal;
        // A failure is a page to try again from; a refusal of the person is 403.
        Response.StatusCode = refusal is Refusal.Failed or Refusal.Unreachable ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden;
        return Page();
    }
}
