using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Dashboard;

/// <summary>Dashboard:DataProtection: the certificate that encrypts the dashboard's data protection keys in the database.</summary>
public sealed class DashboardDataProtectionOptions
{
    public const string Section = DashboardOptions.Section + ":DataProtection";

    /// <summary>A PKCS#12 (.pfx) file holding the certificate and its RSA private key. Empty: the keys are stored unencrypted.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The .pfx file's password; a secret, from the environment (Dashboard__DataProtection__CertificatePassword).</summary>
    public string CertificatePassword { get; set; } = "";
}

/// <summary>
/// Reads the certificate of <see cref="DashboardDataProtectionOptions"/>. Read twice at start: while services are registered,
/// because ASP.NET Core's <c>ProtectKeysWithCertificate</c> takes the certificate itself, and by the start-up validation,
/// which says what is wrong naming the key; the registration leaves a certificate it cannot read to the validation.
/// </summary>
internal static class DataProtectionCertificate
{
    private const string PathKey = DashboardDataProtectionOptions.Section + ":CertificatePath";
    private const string PasswordKey = DashboardDataProtectionOptions.Section + ":CertificatePassword";

    /// <summary>The certificate, or null with the reason (naming the key, never the password); null without a reason when none is configured.</summary>
    public static X509Certificate2? Load(DashboardDataProtectionOptions options, out string? failure)
    {
        failure = null;
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            if (!string.IsNullOrEmpty(options.CertificatePassword))
            {
                failure = $"{PasswordKey} is set but {PathKey} is not: give the path of the certificate's .pfx file, or remove the password.";
            }

            return null;
        }

        var path = options.CertificatePath;
        if (!File.Exists(path))
        {
            failure = $"{PathKey} '{path}' is no file: give the path of a PKCS#12 (.pfx) file holding the certificate and its private key.";
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword);
        }
        catch (UnauthorizedAccessException)
        {
            failure = $"{PathKey} '{path}' cannot be read by the service's user: let it read the file (e.g. owner root, group jamsostek, mode 0640).";
            return null;
        }
        catch (CryptographicException)
        {
            // The loader's own message does not tell a wrong password from a file that is no .pfx; the content type does.
            failure = ContentType(path) == X509ContentType.Pkcs12
                ? $"{PasswordKey} does not open {PathKey} '{path}': give the password the .pfx file was exported with."
                : $"{PathKey} '{path}' is not a PKCS#12 (.pfx) file: export the certificate together with its private key as .pfx (a .crt or .pem holds no key).";
            return null;
        }

        using (var rsa = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null)
        {
            failure = (certificate.HasPrivateKey, rsa) switch
            {
                (false, _) => $"{PathKey} '{path}' holds no private key: export the certificate together with its private key as .pfx.",
                // EncryptedXml wraps each key's secret with RSA; another kind of key would fail only when the first key is written.
                (_, null) => $"{PathKey} '{path}' holds no RSA key: the keys can be encrypted with an RSA certificate only.",
                _ => null,
            };
        }

        if (failure is null)
        {
            return certificate;
        }

        certificate.Dispose();
        return null;
    }

    private static X509ContentType ContentType(string path)
    {
        try
        {
            return X509Certificate2.GetCertContentType(path);
        }
        catch (CryptographicException)
        {
            return X509ContentType.Unknown;
        }
    }
}

internal sealed class DataProtectionCertificateValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        using var certificate = DataProtectionCertificate.Load(options.DataProtection, out var failure);
        return failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failure);
    }
}
