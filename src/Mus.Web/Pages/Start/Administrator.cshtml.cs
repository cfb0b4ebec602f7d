namespace Mus.Web.Pages.Start;

/// <summary>The IT administrator's start page: accounts, who holds the granted roles, and filings of plans that failed.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class AdministratorModel(AppDbContext db, TimeProvider time) : PageModel
{
    public sealed record RoleHolder(string Email, string Role);

    public int Accounts { get; private set; }

    public int AccountsWithoutPassword { get; private set; }

    public int LockedOut { get; private set; }

    public IReadOnlyList<RoleHolder> RoleHolders { get; private set; } = [];

    /// <summary>Filings of approved plans in the personnel file that failed (given up first, then still retried): 20 newest.</summary>
    public IReadOnlyList<Domain.Plans.PlanJournalEntry> JournalProblems { get; private set; } = [];

    public int JournalDelivered { get; private set; }

    /// <summary>All that failed at least once and are not delivered; the table shows the newest 20.</summary>
    public int JournalProblemCount { get; private set; }

    public async Task OnGetAsync()
    {
        var now = time.GetUtcNow();
        Accounts = await db.Users.CountAsync();
        AccountsWithoutPassword = await db.Users.CountAsync(u => u.PasswordHash == null);
        LockedOut = (await db.Users.Where(u => u.LockoutEnd != null).Select(u => u.LockoutEnd).ToListAsync()).Count(end => end > now);
        RoleHolders = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                join user in db.Users on userRole.UserId equals user.Id
                where role.Name == Roles.Hr || role.Name == Roles.Administrator
                orderby role.Name, user.Email
                select new RoleHolder(user.Email!, role.Name!))
            .ToListAsync();
        JournalDelivered = await db.PlanJournal.CountAsync(e => e.DeliveredAt != null);
        var problems = db.PlanJournal.Where(e => e.DeliveredAt == null && e.LastError != null);
        JournalProblemCount = await problems.CountAsync();
        JournalProblems = await problems.AsNoTracking()
            .OrderBy(e => e.GaveUpAt == null).ThenByDescending(e => e.Id)
            .Take(20)
            .ToListAsync();
    }
}
