using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>Self-signed certificates made as a regency's admin would export one for Dashboard:DataProtection.</summary>
public static class TestCertificate
{
    /// <summary>An RSA certificate with its private key, as a PKCS#12 (.pfx) file's bytes.</summary>
    public static byte[] Pfx(string password)
    {
        using var certificate = Rsa();
        return certificate.Export(X509ContentType.Pfx, password);
    }

    /// <summary>The same kind of certificate without its key, as a .crt in PEM (what is exported when the key is left out).</summary>
    public static string PemWithoutKey()
    {
        using var certificate = Rsa();
        return certificate.ExportCertificatePem();
    }

    /// <summary>An ECDSA certificate with its private key, as .pfx: a key ASP.NET Core's EncryptedXml cannot wrap a secret with.</summary>
    public static byte[] EcdsaPfx(string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=jamsostek-worker-test-ecdsa", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.Export(X509ContentType.Pfx, password);
    }

    private static X509Certificate2 Rsa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=jamsostek-worker-test-data-protection", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
