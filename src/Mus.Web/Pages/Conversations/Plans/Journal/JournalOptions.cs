namespace Mus.Web.Pages.Conversations.Plans.Journal;

/// <summary>Where approved plans are filed (<c>Journal:</c> settings); no target, no journaling.</summary>
public sealed class JournalOptions : Mus.Web.Infrastructure.Settings.ISettings
{
    public const string Section = "Journal";
    public const string FolderTarget = "Folder";
    public const string WebhookTarget = "Webhook";

    /// <summary>"Folder", "Webhook", or empty for none.</summary>
    public string? Target { get; set; }

    /// <summary>For "Folder": the directory the PDF and its metadata are dropped in (the records system picks them up).</summary>
    public string? Folder { get; set; }

    /// <summary>For "Webhook": the address the extract is posted to (https, or http on loopback).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>For "Webhook": the shared secret of the HMAC-SHA256 signature in <c>X-MUS-Signature</c> (over the attempt's time and the body; see docs/deployment.md).</summary>
    public string? WebhookSecret { get; set; }

    public int IntervalSeconds { get; set; } = 30;

    public int MaxAttempts { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Target);

    /// <summary>Refuses settings that cannot work, so that MUS stops at start with the setting's name.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (IntervalSeconds <= 0 || MaxAttempts <= 0)
        {
            yield return "Journal:IntervalSeconds and Journal:MaxAttempts must be positive.";
        }

        if (string.Equals(Target, FolderTarget, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(Folder) || !Path.IsPathFullyQualified(Folder))
            {
                yield return "Journal:Target is Folder, so Journal:Folder must be a full path.";
            }
        }
        else if (string.Equals(Target, WebhookTarget, StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var url) || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
            {
                yield return "Journal:Target is Webhook, so Journal:WebhookUrl must be an https address (http only on loopback).";
            }

            if (string.IsNullOrEmpty(WebhookSecret) || WebhookSecret.Length < 32)
            {
                yield return "Journal:WebhookSecret must be at least 32 characters.";
            }
        }
        else
        {
            yield return $"Journal:Target must be '{FolderTarget}', '{WebhookTarget}' or empty.";
        }
    }
}
