namespace Mus.Web.Domain.Conversations;

/// <summary>
/// Something HR hands out with a round: a link to the organisation's own pages (a policy, a course
/// catalogue) or a PDF kept here. Everyone in the round sees the list on the round's page.
/// </summary>
public class RoundMaterial
{
    public const int TitleMaxLength = 200;
    public const int UrlMaxLength = 2000;
    public const int FileNameMaxLength = 200;

    /// <summary>A PDF larger than this is refused: it goes to every participant's browser.</summary>
    public const int MaxFileBytes = 10 * 1024 * 1024;

    public int Id { get; set; }

    public int RoundId { get; set; }

    public required string Title { get; set; }

    /// <summary>An https address; null for a PDF kept here.</summary>
    public string? Url { get; set; }

    public string? FileName { get; set; }

    public byte[]? Content { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>A link must be an absolute https (or http) address: no javascript:, no relative path that would stay inside MUS.</summary>
    public static bool IsLink(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && text.Trim().Length <= UrlMaxLength;

    /// <summary>A PDF starts with "%PDF-" (the declared content type of an upload is whatever the sender says).</summary>
    public static bool IsPdf(ReadOnlySpan<byte> content) => content.StartsWith("%PDF-"u8);
}
