using Mus.Web.Infrastructure.Settings;

namespace Mus.Web.Infrastructure.Crypto;

/// <summary>The <c>DataProtection</c> section: the certificate that protects the key ring at rest (see <see cref="DataProtectionCertificate"/>).</summary>
public sealed class KeyRingOptions : ISettings
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 file; none: one is generated into the data directory.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(CertificatePath) && !File.Exists(CertificatePath))
        {
            yield return $"{Section}:CertificatePath names no file that MUS can read.";
        }
        else if (string.IsNullOrWhiteSpace(CertificatePath) && !string.IsNullOrEmpty(CertificatePassword))
        {
            yield return $"{Section}:CertificatePassword is set, so {Section}:CertificatePath must name the certificate.";
        }
    }
}
