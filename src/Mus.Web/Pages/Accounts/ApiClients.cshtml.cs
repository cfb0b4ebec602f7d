using System.ComponentModel.DataAnnotations;
using Mus.Web.Api.Clients;
using Mus.Web.Pages.Shared;

namespace Mus.Web.Pages.Accounts;

/// <summary>
/// The administrator's API clients: systems that call MUS with a bearer token (the directory's SCIM
/// provisioning, an HR system). A new client's token is shown once, on the answer to its creation,
/// and only its hash is kept; revoking refuses it from the next call.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class ApiClientsModel(AppDbContext db, CurrentUser me, TimeProvider time, IStringLocalizer<Text> text, ILogger<ApiClientsModel> logger) : PageModel
{
    public sealed record ClientLine(int Id, string Name, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(ApiClient.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "ApiClients.Name")]
        public string Name { get; set; } = "";

        public List<string> Scopes { get; set; } = [];
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<ClientLine> Clients { get; private set; } = [];

    /// <summary>The new client's token, shown in this answer only.</summary>
    public string? NewToken { get; private set; }


    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var scopes = Input.Scopes.Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(s => !ApiScopes.All.Contains(s)))
        {
            ModelState.AddModelError("Input.Scopes", text["ApiClients.ChooseScopes"]);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        (var client, NewToken) = await ApiTokens.CreateClientAsync(db, Input.Name.Trim(), scopes, time.GetUtcNow().UtcDateTime, me.UserId);
        logger.LogWarning("API client {ClientId} created with scopes {Scopes} by {AdministratorId}", client.Id, client.Scopes, me.UserId);
        Input = new InputModel();
        ModelState.Clear();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync([FromQuery] int id)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var revoked = await db.ApiClients.Where(c => c.Id == id && c.RevokedAt == null).ExecuteUpdateAsync(set => set.SetProperty(c => c.RevokedAt, now));
        if (revoked == 0)
        {
            return await db.ApiClients.AnyAsync(c => c.Id == id) ? RedirectWith(text["ApiClients.AlreadyRevoked"]) : NotFound();
        }

        logger.LogWarning("API client {ClientId} revoked by {AdministratorId}", id, me.UserId);
        return RedirectWith(text["ApiClients.Revoked"]);
    }

    private RedirectToPageResult RedirectWith(string message)
    {
        TempData.Say(message);
        return RedirectToPage();
    }

    private async Task LoadAsync() =>
        Clients = (await db.ApiClients.AsNoTracking().OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Name).ThenBy(c => c.Id).ToListAsync())
            .Select(c => new ClientLine(c.Id, c.Name, c.ScopeList, c.CreatedAt, c.LastUsedAt, c.RevokedAt)).ToList();
}
