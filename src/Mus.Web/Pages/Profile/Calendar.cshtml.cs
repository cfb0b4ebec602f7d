using Mus.Web.Api.Calendar;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Profile;

/// <summary>
/// The person's calendar feed address: made (shown once), made anew (the old one stops working) or
/// switched off. Anyone who has the address sees the person's MUS dates, so it is treated as a key.
/// </summary>
[Authorize(Policy = Policies.Employee)]
public sealed class CalendarModel(AppDbContext db, CurrentUser me, PublicAddress publicAddress, TimeProvider time, IStringLocalizer<Text> text, ILogger<CalendarModel> logger) : PageModel
{
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>The address just made, carried once from the post that made it.</summary>
    [TempData]
    public string? NewAddress { get; set; }


    public async Task OnGetAsync() =>
        CreatedAt = await db.People.Where(p => p.Id == me.PersonId).Select(p => p.CalendarFeedCreatedAt).SingleAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var (secret, hash) = CalendarFeed.NewSecret();
        await db.People.Where(p => p.Id == me.PersonId)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.CalendarFeedHash, hash).SetProperty(p => p.CalendarFeedCreatedAt, time.GetUtcNow()));
        logger.LogInformation("Person {PersonId} made a calendar feed address", me.PersonId);
        NewAddress = publicAddress.BaseAddress.GetLeftPart(UriPartial.Authority) + publicAddress.BaseAddress.AbsolutePath.TrimEnd('/') + "/calendar/" + secret;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        await db.People.Where(p => p.Id == me.PersonId)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.CalendarFeedHash, (string?)null).SetProperty(p => p.CalendarFeedCreatedAt, (DateTimeOffset?)null));
        TempData.Say(text["Feed.Revoked"].Value);
        return RedirectToPage();
    }
}
