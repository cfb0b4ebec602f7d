using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Mus.Web.Infrastructure.Email;

/// <summary>Sends a message over SMTP when a server is configured, otherwise drops it in the pickup folder.</summary>
public sealed class MailSender(MailOptions options, ILogger<MailSender> logger)
{
    public async Task SendAsync(string toAddress, string subject, string textBody, CancellationToken cancellationToken = default)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.Add(MailboxAddress.Parse(toAddress));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = textBody };

        if (string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            var directory = options.PickupDirectory ?? throw new InvalidOperationException("Mail:PickupDirectory is not set.");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            // Written under another name and renamed, so whatever picks up .eml files never reads half a mail.
            var partial = path + ".partial";
            await message.WriteToAsync(partial, cancellationToken);
            File.Move(partial, path);
            logger.LogInformation("Mail {MessageId} written to the pickup folder", message.MessageId);
            return;
        }

        using var client = new SmtpClient();
        var security = options.SmtpUseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None;
        await client.ConnectAsync(options.SmtpHost, options.SmtpPort, security, cancellationToken);
        if (!string.IsNullOrEmpty(options.SmtpUser))
        {
            await client.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        logger.LogInformation("Mail {MessageId} sent over SMTP", message.MessageId);
    }
}
