using System.ComponentModel.DataAnnotations;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Conversations;

/// <summary>
/// The leader offers the employee a senior or leader-talent conversation instead of the round's
/// (seed 004); the employee answers on their participation page. Only the current leader reaches
/// this page; anyone else gets 404.
/// </summary>
[Authorize(Policy = Policies.ConversationPage)]
public sealed class OfferModel(AppDbContext db, ConversationAccess access, CurrentUser me, TimeProvider time, ConversationOffers offers, OutboxDispatcher dispatcher, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [EnumDataType(typeof(ConversationOffer), ErrorMessage = "Validation.Required")]
    [Display(Name = "Offer.Field")]
    public ConversationOffer? Kind { get; set; }

    public Conversation Conversation { get; private set; } = null!;

    public bool PreparationBegun { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute] int id) => await LoadAsync(id) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync([FromRoute] int id)
    {
        var conversation = await LoadAsync(id);
        if (conversation is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            return await ChangeAsync(conversation, () =>
            {
                conversation.MakeOffer(Kind!.Value, PreparationBegun);
                return offers.AddOfferMailAsync(conversation, time.GetUtcNow());
            }, "Offer.Made");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync([FromRoute] int id)
    {
        var conversation = await LoadAsync(id);
        return conversation is null ? NotFound() : await ChangeAsync(conversation, () =>
        {
            conversation.WithdrawOffer();
            return Task.CompletedTask;
        }, "Offer.Withdrawn");
    }

    private async Task<IActionResult> ChangeAsync(Conversation conversation, Func<Task> change, string doneKey)
    {
        if (await this.TrySaveAsync(db, dispatcher, text, change, () => text[doneKey, conversation.Employee!.Name].Value))
        {
            return Redirect("/start/leader");
        }

        await LoadAsync(conversation.Id);
        return Page();
    }

    private async Task<Conversation?> LoadAsync(int id)
    {
        var parties = await access.AuthorizeAsync(id, ConversationOperations.EditContent);
        if (parties is null || !parties.IsCurrentLeader(me.PersonId))
        {
            return null;
        }

        Conversation = await db.Conversations.Include(c => c.Employee).Include(c => c.Leader).SingleAsync(c => c.Id == id);
        PreparationBegun = await offers.PreparationBegunAsync(id);
        return Conversation;
    }
}
