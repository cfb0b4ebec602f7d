using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Mus.Web.Infrastructure.Auth.SingleSignOn;

namespace Mus.Web.Pages.SignIn;

/// <summary>
/// Where the organisation's provider sends the person back (through the OpenID Connect handler): the
/// account bound to the provider's issuer and subject is signed in; at a first sign-in the claim named
/// in the settings finds the account (a verified e-mail address or an employee number) and binds it.
/// Nobody is created here: someone MUS does not know is told so.
/// Its post sends the browser to the provider. Not rate limited as the password pages are: nothing is
/// guessed here, and a whole office behind one address signs in through it at nine o'clock.
/// </summary>
[AllowAnonymous]
public sealed class SingleSignOnModel(MusSignInManager signInManager, AppDbContext db, SingleSignOnOptions options, ILogger<SingleSignOnModel> logger) : PageModel
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

        /// <summary>The account holds a role (administrator, HR): only an administrator binds it to the provider.</summary>
        AdministratorLinks,

        /// <summary>The account is bound to another person at the provider.</summary>
        BoundToAnother,
    }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public Refusal? Outcome { get; private set; }

    /// <summary>The person's subject at the provider, shown when an administrator must bind it.</summary>
    public string? Subject { get; private set; }

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

        var landing = Url.Page("/SignIn/SingleSignOn", new { ReturnUrl = IndexModel.SafeReturnUrl(ReturnUrl) });
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

        // Who this is at the provider, for good: its issuer and subject. A bound account is found by them
        // alone, so a provider that later sends another address (or another person's) changes nobody.
        var subject = external.Principal.FindFirst(options.SubjectClaim);
        if (subject is null || string.IsNullOrWhiteSpace(subject.Value) || subject.Value.Length > SubjectMaxLength)
        {
            logger.LogWarning("Single sign-on refused: the provider's answer has no usable subject claim {Claim}", options.SubjectClaim);
            return Refuse(Refusal.Failed);
        }

        var issuer = SingleSignOnOptions.Normalise(external.Principal.FindFirstValue("iss") ?? subject.Issuer);
        var user = await signInManager.UserManager.FindByLoginAsync(issuer, subject.Value);
        // An account that was given a role after a sign-in bound it is used through the provider only
        // once an administrator binds it again.
        if (user is not null && await RoleAccounts.HoldsARoleAsync(db, user.Id)
            && (await signInManager.UserManager.GetLoginsAsync(user)).Single(l => l.LoginProvider == issuer && l.ProviderKey == subject.Value).ProviderDisplayName != SingleSignOnOptions.BoundByAdministrator)
        {
            Subject = subject.Value;
            logger.LogWarning("Single sign-on refused: account {UserId} holds a role and was bound by a sign-in", user.Id);
            return Refuse(Refusal.AdministratorLinks);
        }

        if (user is null)
        {
            (user, var refusal) = await LinkAsync(external.Principal, issuer, subject.Value);
            if (refusal is { } refused)
            {
                return Refuse(refused);
            }
        }

        if (AccountStatus.IsDisabled(user!))
        {
            logger.LogWarning("Single sign-on refused: account {UserId} is closed", user!.Id);
            return Refuse(Refusal.Closed);
        }

        // The ID token is kept in the session's cookie for signing out at the provider.
        var properties = new AuthenticationProperties();
        if (external.Properties?.GetTokenValue("id_token") is { } idToken)
        {
            properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
        }

        var result = await signInManager.SignInThroughProviderAsync(user!, properties, AuthenticationMethod);
        logger.LogInformation("Account {UserId} signed in through single sign-on{Step}", user!.Id, result.RequiresTwoFactor ? ", second step next" : "");
        return result.RequiresTwoFactor
            ? RedirectToPage("TwoFactor", new { ReturnUrl = IndexModel.SafeReturnUrl(ReturnUrl) })
            : LocalRedirect(IndexModel.SafeReturnUrl(ReturnUrl));
    }

    /// <summary>Identity keeps a login's key in a column of this length.</summary>
    private const int SubjectMaxLength = 128;

    /// <summary>
    /// A first sign-in: the account is found by the claim the settings name (an address the provider
    /// vouches for, or an employee number) and bound to this issuer and subject. An account that holds
    /// a role is bound only by an administrator, and one already bound to another subject stays so.
    /// </summary>
    private async Task<(AppUser? User, Refusal? Refusal)> LinkAsync(ClaimsPrincipal external, string issuer, string subject)
    {
        Subject = subject;
        ClaimedAs = external.FindFirstValue(options.MatchClaim)?.Trim();
        if (string.IsNullOrEmpty(ClaimedAs) || ClaimedAs.Length > 254)
        {
            logger.LogWarning("Single sign-on refused: the provider's answer has no usable claim {Claim}", options.MatchClaim);
            ClaimedAs = null;
            return (null, Refusal.Unknown);
        }

        // An address links an account only when the provider says it checked it (or the administrator
        // has said this provider's addresses are the organisation's own); an unchecked one could be anybody's.
        var verified = external.FindFirstValue("email_verified");
        if (!options.MatchesEmployeeNumber && !(string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase)
            || (verified is null && options.TrustEmailWithoutVerifiedClaim)))
        {
            logger.LogWarning("Single sign-on refused: the provider has not verified the e-mail address");
            return (null, Refusal.Unverified);
        }

        var user = options.MatchesEmployeeNumber
            ? await db.Users.SingleOrDefaultAsync(u => u.Person!.EmployeeNumber == ClaimedAs)
            : await signInManager.UserManager.FindByEmailAsync(ClaimedAs);
        // Identity's lookup folds look-alike letters (the Kelvin sign finds a "k"); the address itself must
        // be the account's, letter for letter but for case.
        if (user is not null && !options.MatchesEmployeeNumber && !string.Equals(user.Email, ClaimedAs, StringComparison.OrdinalIgnoreCase))
        {
            user = null;
        }

        if (user is null)
        {
            logger.LogWarning("Single sign-on refused: no account matches the provider's {Claim}", options.MatchClaim);
            return (null, Refusal.Unknown);
        }

        if (AccountStatus.IsDisabled(user))
        {
            return (user, null);
        }

        if (await RoleAccounts.HoldsARoleAsync(db, user.Id))
        {
            logger.LogWarning("Single sign-on refused: account {UserId} holds a role and is linked by an administrator only", user.Id);
            return (null, Refusal.AdministratorLinks);
        }

        if ((await signInManager.UserManager.GetLoginsAsync(user)).Any(l => l.LoginProvider == issuer))
        {
            logger.LogWarning("Single sign-on refused: account {UserId} is bound to another subject at this provider", user.Id);
            return (null, Refusal.BoundToAnother);
        }

        var added = await signInManager.UserManager.AddLoginAsync(user, new UserLoginInfo(issuer, subject, SingleSignOnOptions.BoundBySignIn));
        if (!added.Succeeded)
        {
            // Bound meanwhile by a sign-in at the same moment: the next try finds it.
            return (null, Refusal.Failed);
        }

        logger.LogInformation("Account {UserId} bound to its subject at the organisation's provider", user.Id);
        return (user, null);
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
