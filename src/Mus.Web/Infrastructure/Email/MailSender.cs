using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Mus.Web.Infrastructure.Email;

/// <summary>Sends one outbox mail over SMTP when a server is configured, otherwise drops it in the pickup folder.</summary>
public sealed class MailSender(MailOptions options, ILogger<MailSender> logger)
{
    /// <summary>The message as sent, with the outbox's Message-ID so that every attempt is the same mail.</summary>
    public MimeMessage Compose(OutboxMail mail)
    {
        var message = new MimeMessage { MessageId = mail.MessageId, Subject = mail.Subject };
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = MailBody.Html(mail.TextBody, mail.Language) };
        if (mail.Calendar is not null)
        {
            // As mail clients expect an invitation: text/calendar with its METHOD on the content type.
            var type = new ContentType("text", "calendar") { Charset = "utf-8" };
            type.Parameters.Add("method", mail.CalendarMethod ?? "REQUEST");
            body.Attachments.Add("invitation.ics", System.Text.Encoding.UTF8.GetBytes(mail.Calendar), type);
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// A connection for a run of mails: one SMTP session (connected and signed in once) rather than one
    /// per mail, or the pickup folder. After a failure the caller disposes it and opens another.
    /// </summary>
    public MailSession Open() => new(options, logger);
}

/// <summary>See <see cref="MailSender.Open"/>. Connects on the first mail.</summary>
public sealed class MailSession(MailOptions options, ILogger logger) : IAsyncDisposable
{
    private SmtpClient? client;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            var directory = options.PickupDirectory ?? throw new InvalidOperationException("Mail:PickupDirectory is not set.");
            Files.OwnerOnly.Folder(directory);
            // Named by the Message-ID: a retry overwrites the same file rather than adding a second mail.
            var path = Path.Combine(directory, $"{(message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0]}.eml");
            // Written under another name and renamed, so whatever picks up .eml files never reads half a mail.
            var partial = path + ".partial";
            await using (var file = Files.OwnerOnly.Open(partial, FileMode.Create, FileAccess.Write))
            {
                await message.WriteToAsync(file, cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
            logger.LogInformation("Mail {MessageId} written to the pickup folder", message.MessageId);
            return;
        }

        if (client is null)
        {
            client = new SmtpClient();
            var security = options.SmtpUseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None;
            // Nagle's algorithm off: the end of each message is a small write followed by a wait for the
            // reply, which otherwise waits for the server's delayed ACK (about 40 ms a mail).
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(options.SmtpHost, options.SmtpPort, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            await client.ConnectAsync(socket, options.SmtpHost, options.SmtpPort, security, cancellationToken);
            if (!string.IsNullOrEmpty(options.SmtpUser))
            {
                await client.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", cancellationToken);
            }
        }

        await client.SendAsync(message, cancellationToken);
        logger.LogInformation("Mail {MessageId} sent over SMTP", message.MessageId);
    }

    public async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(true);
                }
            }
            catch (Exception failure) when (failure is IOException or MailKit.ProtocolException or SmtpCommandException or OperationCanceledException)
            {
                // The server is gone already; the mails are marked by what happened to each.
            }

            client.Dispose();
        }
    }
}
