using Mus.Web.Infrastructure.Email;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// The shell of a page that changes a conversation (excuse, offer, taking part): the change and the mails
/// that go with it saved together and sent on their way, and a line saying so. A rule that refuses shows
/// its reason (400); the conversation changed by someone else at the same moment shows that (409); either
/// way nothing is saved and the page is shown again.
/// </summary>
public static class ConversationChange
{
    /// <returns>True when saved; false when the page is to be shown again with the reason (status set).</returns>
    public static async Task<bool> TrySaveAsync(this PageModel page, AppDbContext db, OutboxDispatcher dispatcher, IStringLocalizer text, Func<Task> change, Func<string> done, string conflictMessageKey = "Conversation.Error.ChangedMeanwhile")
    {
        try
        {
            await change();
            await db.SaveChangesAsync();
            dispatcher.Nudge();
            page.TempData.Say(done());
            return true;
        }
        catch (DomainException refusal)
        {
            page.ModelState.AddModelError(string.Empty, text[refusal.MessageKey]);
            page.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (DbUpdateConcurrencyException)
        {
            page.ModelState.AddModelError(string.Empty, text[conflictMessageKey]);
            page.Response.StatusCode = StatusCodes.Status409Conflict;
        }

        db.ChangeTracker.Clear();
        return false;
    }
}
