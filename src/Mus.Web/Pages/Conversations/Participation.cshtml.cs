using Mus.Web.Infrastructure.Calendar;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// The employee says no thanks to this year's conversation, or takes it back (seed 002: MUS is
/// voluntary unless the organisation decides otherwise). No reason is asked; the leader is told
/// only that, by mail and on their list, and a meeting already in both calendars is cancelled.
/// Only the employee reaches this page; anyone else gets 404.
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class ParticipationModel(
    AppDbContext db, ConversationAccess access, CurrentUser me, TimeProvider time, MeetingInvitations invitations, OutboxDispatcher dispatcher,
    PublicAddress publicAddress, ConversationOffers offers, PersonMail mail, Rounds.Report.FiguresPublication publication, Rounds.Report.StatisticsOptions statistics, IStringLocalizer<Text> text) : PageModel
{
    public Conversation Conversation { get; private set; } = null!;

    public int Threshold => statistics.Threshold;

    /// <summary>The round's figures are published (or due): the choice is closed, the figures hold totals only.</summary>
    public bool FiguresPublished { get; private set; }

    /// <summary>
    /// The employee takes this conversation out of every figure, or puts it back: at any time, in any
    /// state, until the round's figures are published (then the answer is a 409 and nothing changes).
    /// Out, the counted answers are deleted; back in, they are taken out of the compartments again.
    /// </summary>
    public async Task<IActionResult> OnPostStatisticsAsync([FromRoute] int id, [FromForm] bool? count)
    {
        var conversation = await LoadAsync(id);
        if (conversation is null)
        {
            return NotFound();
        }

        // The form always says which; a post that does not (or says nonsense) changes nothing.
        if (count is not { } counts)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, text["Statistics.Error.Choice"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            // Asked again with the round's row held: a publication running now has either counted already
            // (and is seen here) or waits until this choice is in (FiguresPublication.PublishAsync).
            await Rounds.Report.FiguresPublication.HoldRoundAsync(db, conversation.RoundId);
            if (await publication.IsClosedAsync(conversation.RoundId))
            {
                await transaction.RollbackAsync();
                FiguresPublished = true;
                ModelState.AddModelError(string.Empty, text["Statistics.Error.Published"]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            }

            conversation.CountInStatistics(counts, time.GetUtcNow());
            await db.SaveChangesAsync();
            if (counts)
            {
                await Data.Derived.FiguresWriter.RecountAsync(db, id);
            }
            else
            {
                await db.ConversationFigures.Where(f => f.ConversationId == id).ExecuteDeleteAsync();
            }

            await transaction.CommitAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, text["Participation.Error.Conflict"]);
            Conversation = (await LoadAsync(id))!;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        TempData.Say(text[counts ? "Statistics.CountedAgain" : "Statistics.OptedOut"].Value);
        return Redirect($"/conversations/{id}/participation#statistics");
    }

    public async Task<IActionResult> OnGetAsync([FromRoute] int id) => await LoadAsync(id) is null ? NotFound() : Page();

    public Task<IActionResult> OnPostDeclineAsync([FromRoute] int id) => DeclineOrTakeBackAsync(id, decline: true);

    public Task<IActionResult> OnPostTakeBackAsync([FromRoute] int id) => DeclineOrTakeBackAsync(id, decline: false);

    public Task<IActionResult> OnPostAcceptOfferAsync([FromRoute] int id) => AnswerOfferAsync(id, yes: true);

    public Task<IActionResult> OnPostDeclineOfferAsync([FromRoute] int id) => AnswerOfferAsync(id, yes: false);

    /// <summary>The employee answers the leader's offer; yes switches the conversation to the offered kind's questions.</summary>
    private Task<IActionResult> AnswerOfferAsync(int id, bool yes) => ChangeAsync(id, yes ? "Offer.Accepted" : "Offer.Declined", async conversation =>
    {
        var template = conversation.Offer is { } offer ? await offers.TemplateVersionAsync(offer) : 0;
        conversation.AnswerOffer(yes, template, await offers.PreparationBegunAsync(id));
        await offers.AddAnswerMailAsync(conversation, time.GetUtcNow());
    });

    private Task<IActionResult> DeclineOrTakeBackAsync(int id, bool decline) => ChangeAsync(id, decline ? "Participation.Declined" : "Participation.TakenBack", async conversation =>
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(DanishTime.ToLocal(now));
        if (decline)
        {
            // The cancellation is written while the time is still on the conversation.
            if (conversation.Status == ConversationStatus.Preparing && !conversation.Round!.Mandatory)
            {
                await invitations.AddAsync(conversation, MeetingCalendar.Cancel);
            }

            conversation.Decline(conversation.Round!, today, now);
        }
        else
        {
            conversation.TakeBackDecline(conversation.Round!, today);
        }

        await TellLeaderAsync(conversation, decline, now);
    });

    /// <summary>Makes one change and its mails, saved together; a refusal or a clash shows the page again with the reason, nothing saved.</summary>
    private async Task<IActionResult> ChangeAsync(int id, string doneKey, Func<Conversation, Task> change)
    {
        var conversation = await LoadAsync(id);
        if (conversation is null)
        {
            return NotFound();
        }

        // A clash here is the leader changing the conversation at the same moment (held it, moved it).
        if (await this.TrySaveAsync(db, dispatcher, text, () => change(conversation), () => text[doneKey].Value, "Participation.Error.Conflict"))
        {
            return Redirect("/start/employee");
        }

        Conversation = (await LoadAsync(id))!;
        return Page();
    }

    /// <summary>The leader hears that the employee said no thanks (or changed their mind): the fact, nothing else.</summary>
    private Task TellLeaderAsync(Conversation conversation, bool declined, DateTimeOffset now) =>
        mail.AddAsync(conversation.LeaderId, conversation.RoundId, declined ? "declined" : "decline-taken-back", now, () => (
            text[declined ? "Mail.Declined.Subject" : "Mail.TakenBack.Subject", conversation.Employee!.Name].Value,
            text[declined ? "Mail.Declined.Body" : "Mail.TakenBack.Body", conversation.Employee!.Name, conversation.Round!.Name, publicAddress.Page("/Start/Leader")].Value));

    private async Task<Conversation?> LoadAsync(int id)
    {
        var parties = await access.AuthorizeAsync(id, ConversationOperations.ViewContent);
        if (parties is null || !parties.IsEmployee(me.PersonId))
        {
            return null;
        }

        Conversation = await db.Conversations.Include(c => c.Round).Include(c => c.Employee).SingleAsync(c => c.Id == id);
        FiguresPublished = await publication.IsClosedAsync(Conversation.RoundId);
        return Conversation;
    }
}
