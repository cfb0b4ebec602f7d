namespace Mus.Tests.Infrastructure;

/// <summary>The mail pickup folder of a test application.</summary>
public static class MailFolder
{
    /// <summary>Waits (up to five seconds) for exactly one mail and returns its file.</summary>
    public static async Task<string> SingleMailAsync(MusApp app)
    {
        for (var tries = 0; tries < 50; tries++)
        {
            if (Directory.Exists(app.MailDirectory) && Directory.GetFiles(app.MailDirectory, "*.eml") is { Length: > 0 } files)
            {
                return Assert.Single(files);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No mail arrived in {app.MailDirectory}.");
    }
}
