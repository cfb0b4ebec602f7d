using System.Text;

namespace Mus.Web.Pages.Organisation.Import;

/// <summary>
/// Turns the bytes of an uploaded CSV file into text. Accepts UTF-8 with or without a byte order
/// mark and Windows-1252 (what Danish Excel writes for "CSV (semikolonsepareret)"); refuses
/// anything else with the lines that are in the way, rather than importing garbled names.
/// </summary>
public static class CsvTextDecoder
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    // Bytes that Windows-1252 leaves undefined: a file containing them is in some other encoding.
    private static readonly byte[] UndefinedInWindows1252 = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

    static CsvTextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string? Text, IReadOnlyList<ImportMessage> Errors) Decode(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, [new ImportMessage(null, "Import.Error.EmptyFile")]);
        }

        if (bytes.AsSpan().StartsWith(Utf8Bom))
        {
            return DecodeStrictUtf8(bytes.AsSpan(Utf8Bom.Length).ToArray());
        }

        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
        {
            // Zero bytes mean UTF-16 or a file that is not text at all (a spreadsheet saved as .xlsx, say).
            return (null, [new ImportMessage(null, "Import.Error.NotText")]);
        }

        var (utf8, utf8Errors) = DecodeStrictUtf8(bytes);
        if (utf8 is not null)
        {
            return (utf8, utf8Errors);
        }

        var badLines = LinesContaining(bytes, UndefinedInWindows1252);
        if (badLines.Count > 0)
        {
            return (null, badLines.Select(line => new ImportMessage(line, "Import.Error.UnknownEncoding")).ToList());
        }

        return (Encoding.GetEncoding(1252).GetString(bytes), []);
    }

    private static (string? Text, IReadOnlyList<ImportMessage> Errors) DecodeStrictUtf8(byte[] bytes)
    {
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), []);
        }
        catch (DecoderFallbackException)
        {
            return (null, [new ImportMessage(null, "Import.Error.UnknownEncoding")]);
        }
    }

    private static List<int> LinesContaining(byte[] bytes, byte[] needles)
    {
        var lines = new List<int>();
        var line = 1;
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                line++;
            }
            else if (needles.Contains(b) && (lines.Count == 0 || lines[^1] != line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
