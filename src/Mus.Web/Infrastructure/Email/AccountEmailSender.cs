using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Mus.Web.Domain;

namespace Mus.Web.Infrastructure.Email;

/// <summary>The mails that Identity asks for. Only the password reset link is used today.</summary>
public sealed class AccountEmailSender(MailSender sender, IStringLocalizer<Text> text) : IEmailSender<AppUser>
{
    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) =>
        sender.SendAsync(email, text["Mail.Reset.Subject"], string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Mail.Reset.Body"], resetLink));

    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) =>
        throw new NotSupportedException("Accounts are created from the organisation import and need no confirmation mail.");

    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) =>
        throw new NotSupportedException("Password resets use links, not codes.");
}
