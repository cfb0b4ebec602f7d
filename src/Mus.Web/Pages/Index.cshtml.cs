namespace Mus.Web.Pages;

/// <summary>Sends each user to the start page of their widest role; the menu links to the others.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(CurrentUser me) : PageModel
{
    public IActionResult OnGet() => RedirectToPage(
        me.IsAdministrator ? "/Start/Administrator"
        : me.IsHr ? "/Start/Hr"
        : me.IsLeader ? "/Start/Leader"
        : me.PersonId is not null ? "/Start/Employee"
        : "/Profile/Index");
}
