using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mus.Web.Infrastructure.Crypto;

/// <summary>
/// The certificate that protects the Data Protection key ring at rest (the ring lives in the
/// database, shared by every instance). Configured with <c>DataProtection:CertificatePath</c> and
/// <c>DataProtection:CertificatePassword</c>; without them a certificate is generated once into the
/// data directory (<c>dataprotection.pfx</c>), which suits development and a single server.
/// </summary>
public static class DataProtectionCertificate
{
    public const string GeneratedFileName = "dataprotection.pfx";

    public static X509Certificate2 Load(KeyRingOptions options, string dataDirectory)
    {
        if (options.CertificatePath is { Length: > 0 } path)
        {
            try
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
            }
            catch (CryptographicException)
            {
                // A wrong password or a file that is no PKCS#12: one line for the operator, the password not in it.
                throw new Settings.SettingsException($"{KeyRingOptions.Section}:CertificatePath could not be opened as a PKCS#12 certificate with {KeyRingOptions.Section}:CertificatePassword.");
            }
        }

        var generated = Path.Combine(dataDirectory, GeneratedFileName);
        if (!File.Exists(generated))
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=MUS data protection", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(50));
            // Written once, readable by the owner only; another instance racing us loses and reads ours.
            try
            {
                // Created owner-only, not narrowed after: there is no moment when others could read it.
                using var file = Files.OwnerOnly.Open(generated, FileMode.CreateNew, FileAccess.Write);
                file.Write(certificate.Export(X509ContentType.Pkcs12));
            }
            catch (IOException) when (File.Exists(generated))
            {
            }
        }

        return X509CertificateLoader.LoadPkcs12FromFile(generated, null);
    }
}
