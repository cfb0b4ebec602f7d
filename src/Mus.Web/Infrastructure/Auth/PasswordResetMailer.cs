using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Mus.Web.Infrastructure.Email;
using Mus.Web.Infrastructure.Http;
using Mus.Web.Infrastructure.Localization;

namespace Mus.Web.Infrastructure.Auth;

/// <summary>
/// Sends password-reset links away from the request: the forgot-password page only queues the
/// address it was given, so it answers in the same time whether or not an account has it. Here the
/// account is looked up, held to one mail per <see cref="Infrastructure.Auth.SignInOptions.ResetMailMinutes"/>
/// (checked and recorded in one statement, so several instances never send two), and the mail, its
/// link built from the public address, goes into the outbox. Only the asked-for address waits in memory
/// here, for a moment: lost in a crash, the person asks again.
/// </summary>
public sealed class PasswordResetMailer(IServiceScopeFactory scopes, OutboxDispatcher dispatcher, Infrastructure.Auth.SignInOptions options, TimeProvider time, ILogger<PasswordResetMailer> logger) : BackgroundService
{
    private readonly Channel<(string Email, CultureInfo Culture)> queue = Channel.CreateBounded<(string, CultureInfo)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues a reset link for <paramref name="email"/> if it is an account's, in the asker's language.</summary>
    public void Queue(string email)
    {
        if (!queue.Writer.TryWrite((email, CultureInfo.CurrentUICulture)))
        {
            logger.LogWarning("The password-reset queue is full; a request was dropped");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (email, culture) in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(email, culture);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "A password-reset mail could not be put in the outbox");
            }
        }
    }

    private async Task SendAsync(string email, CultureInfo culture)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user?.Email is null)
        {
            return;
        }

        // Where the organisation's sign-in is required, a password would not sign this account in.
        if (await scope.ServiceProvider.GetRequiredService<Infrastructure.Auth.SingleSignOn.SingleSignOnPolicy>().RefusesPasswordAsync(user.Id))
        {
            logger.LogInformation("Password-reset mail for user {UserId} not sent: the organisation's sign-in is required", user.Id);
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var sentBefore = now.AddMinutes(-options.ResetMailMinutes);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var mayMail = await db.Users
            .Where(u => u.Id == user.Id && (u.PasswordResetMailedAt == null || u.PasswordResetMailedAt <= sentBefore))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordResetMailedAt, now)) == 1;
        if (!mayMail)
        {
            logger.LogInformation("Password-reset mail for user {UserId} held back: one was sent in the last {Minutes} minutes", user.Id, options.ResetMailMinutes);
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var publicAddress = scope.ServiceProvider.GetRequiredService<PublicAddress>();
        var link = publicAddress.Page("/SignIn/ResetPassword", new { code, email = user.Email });
        var text = scope.ServiceProvider.GetRequiredService<IStringLocalizer<Text>>();
        db.OutboxMails.Add(LocalizationRegistration.In(culture, () =>
        {
            var body = string.Format(culture, text["Mail.Reset.Body"], link);
            return OutboxMail.Create(user.Email, text["Mail.Reset.Subject"], body, culture.TwoLetterISOLanguageName, OutboxMail.PasswordResetPurpose, now, publicAddress.BaseAddress.Host);
        }));
        await db.SaveChangesAsync();
        dispatcher.Nudge();
    }
}
