using Microsoft.EntityFrameworkCore;

namespace Mus.Tests.Infrastructure;

/// <summary>The mail pickup folder of a test application. Mails leave from a queue, so a test waits for them.</summary>
public static class MailFolder
{
    /// <summary>Waits (up to ten seconds) until at least <paramref name="count"/> mails are there, and returns them all.</summary>
    public static async Task<string[]> MailsAsync(MusApp app, int count)
    {
        for (var tries = 0; tries < 100; tries++)
        {
            if (Directory.Exists(app.MailDirectory) && Directory.GetFiles(app.MailDirectory, "*.eml") is { } files && files.Length >= count)
            {
                return files;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Fewer than {count} mails arrived in {app.MailDirectory}.");
    }

    /// <summary>Waits for exactly one mail and returns its file.</summary>
    public static async Task<string> SingleMailAsync(MusApp app) => Assert.Single(await MailsAsync(app, 1));

    /// <summary>Who the mails in the folder went to, sorted, once at least <paramref name="count"/> are there.</summary>
    public static async Task<List<string>> RecipientsAsync(MusApp app, int count)
    {
        var recipients = new List<string>();
        foreach (var mail in await MailsAsync(app, count))
        {
            recipients.Add((await MimeKit.MimeMessage.LoadAsync(mail)).To.Mailboxes.Single().Address);
        }

        return [.. recipients.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The mail with <paramref name="purpose"/> in its outbox record, as it arrived in the folder. Sent mail
    /// has its text erased from the outbox, so a test reads what was delivered, not what waited.
    /// </summary>
    public static async Task<MimeKit.MimeMessage> DeliveredAsync(MusApp app, string to, string purpose) => Assert.Single(await AllDeliveredAsync(app, to, purpose));

    /// <summary>Every mail to <paramref name="to"/> with <paramref name="purpose"/>, oldest first, as delivered.</summary>
    public static async Task<List<MimeKit.MimeMessage>> AllDeliveredAsync(MusApp app, string to, string purpose)
    {
        var messageIds = await app.WithDbAsync(db => db.OutboxMails.Where(m => m.To == to && m.Purpose == purpose).OrderBy(m => m.Id).Select(m => m.MessageId).ToListAsync());
        var mails = new List<MimeKit.MimeMessage>();
        foreach (var messageId in messageIds)
        {
            var file = Path.Combine(app.MailDirectory, messageId.Split('@')[0] + ".eml");
            for (var tries = 0; tries < 100 && !File.Exists(file); tries++)
            {
                await Task.Delay(100);
            }

            mails.Add(await MimeKit.MimeMessage.LoadAsync(file));
        }

        return mails;
    }
}
