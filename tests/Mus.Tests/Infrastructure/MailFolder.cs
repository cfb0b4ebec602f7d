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
}
