using System.Security.Cryptography;
using System.Text;

namespace Jamsostek.Tabular;

/// <summary>Reads a file once, before parsing: its SHA-256 (same content, no change) and whether it is valid UTF-8.</summary>
internal static class FileFingerprint
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static FileFingerprint() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    public static async Task<(string Sha256, bool IsUtf8)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var decoder = StrictUtf8.GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[(1 << 16) + 4];
        var isUtf8 = true;
        int read;
        while ((read = await stream.ReadAsync(bytes, cancellationToken)) > 0)
        {
            hash.AppendData(bytes, 0, read);
            if (isUtf8)
            {
                try
                {
                    decoder.Convert(bytes, 0, read, chars, 0, chars.Length, flush: false, out _, out _, out _);
                }
                catch (DecoderFallbackException)
                {
                    isUtf8 = false;
                }
            }
        }

        if (isUtf8)
        {
            try
            {
                decoder.Convert(Array.Empty<byte>(), 0, 0, chars, 0, chars.Length, flush: true, out _, out _, out _);
            }
            catch (DecoderFallbackException)
            {
                isUtf8 = false;
            }
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), isUtf8);
    }
}
