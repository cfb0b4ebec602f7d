using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Infrastructure.Crypto;

/// <summary>The <c>Shredding</c> section: where the record of destroyed data keys is kept.</summary>
public sealed class ShreddingOptions : ISettings
{
    public const string Section = "Shredding";

    /// <summary>
    /// The journal file (default <c>shred-journal.jsonl</c> in the data directory): on storage every
    /// instance shares, and outside the database backups.
    /// </summary>
    public string JournalPath { get; set; } = "";

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(JournalPath))
        {
            yield return $"{Section}:JournalPath must name a file.";
        }
    }
}
