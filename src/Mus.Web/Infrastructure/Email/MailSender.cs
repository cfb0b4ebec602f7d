using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Mus.Web.Infrastructure.Email;

/// <summary>Sends one outbox mail over SMTP when a server is configured, otherwise drops it in the pickup folder.</summary>
public sealed class MailSender(MailOptions options, ILogger<MailSender> logger)
{
    /// <summary>
    /// The message as sent, with the outbox's Message-ID so that every attempt is the same mail. Every
    /// mail MUS sends is automatic: marked so (RFC 3834) and asking Exchange not to answer it with an
    /// out-of-office reply, or opening a round would draw hundreds of them.
    /// </summary>
    public MimeMessage Compose(OutboxMail mail)
    {
        var message = new MimeMessage { MessageId = mail.MessageId, Subject = mail.Subject };
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        if (mail.UnsubscribeUrl is not null)
        {
            // RFC 8058: the mail client's unsubscribe button posts to the address, which needs no sign-in.
            message.Headers.Add("List-Unsubscribe", $"<{mail.UnsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var alternative = new MultipartAlternative { Utf8Part("plain", mail.TextBody), Utf8Part("html", MailBody.Html(mail.TextBody, mail.Language)) };
        if (mail.Calendar is null)
        {
            message.Body = alternative;
            return message;
        }

        // As Outlook and Exchange expect an invitation: the calendar as a third way of reading the mail
        // (text/calendar with its METHOD), and the same file attached for clients that look for one.
        var calendar = Utf8Part("calendar", mail.Calendar);
        calendar.ContentType.Parameters.Add("method", mail.CalendarMethod ?? "REQUEST");
        alternative.Add(calendar);
        var attachment = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.Calendar))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invitation.ics",
        };
        message.Body = new Multipart("mixed") { alternative, attachment };
        return message;
    }

    private static TextPart Utf8Part(string subtype, string text)
    {
        var part = new TextPart(subtype);
        part.SetText(System.Text.Encoding.UTF8, text);
        return part;
    }

    /// <summary>
    /// A connection for a run of mails: one SMTP session (connected and signed in once) rather than one
    /// per mail, or the pickup folder. After a failure the caller disposes it and opens another.
    /// </summary>
    public MailSession Open() => new(options, logger);
}

/// <summary>The mail server cannot be used as configured; the message (Danish, then English) is shown on the administrator's mail page.</summary>
public sealed class MailSetupException(string message) : Exception(message);

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
            // With TLS on, a server that does not offer it is refused (never "when available"): the
            // password and every mail would cross the network in clear. Port 465 speaks TLS from the start.
            var security = !options.SmtpUseTls ? SecureSocketOptions.None
                : options.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
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

            try
            {
                await client.ConnectAsync(socket, options.SmtpHost, options.SmtpPort, security, cancellationToken);
            }
            catch (NotSupportedException)
            {
                throw new MailSetupException(
                    $"{options.SmtpHost}:{options.SmtpPort} tilbyder ikke STARTTLS, og Mail:SmtpUseTls er slået til. Intet blev sendt, heller ikke adgangskoden. / " +
                    $"{options.SmtpHost}:{options.SmtpPort} offers no STARTTLS while Mail:SmtpUseTls is on. Nothing was sent, the password neither.");
            }

            if (!string.IsNullOrEmpty(options.SmtpUser))
            {
                if (!client.IsSecure)
                {
                    // Mail:SmtpUseTls=false with a user: the password would go in clear, so it does not go.
                    throw new MailSetupException(
                        "Adgangskoden til mailserveren sendes kun over TLS: slå Mail:SmtpUseTls til. / The mail server's password is only sent over TLS: turn Mail:SmtpUseTls on.");
                }

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
