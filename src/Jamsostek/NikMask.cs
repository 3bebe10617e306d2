namespace Jamsostek;

/// <summary>
/// SPEC 6: officials and admins see a NIK as <c>360401********01</c> (the kecamatan of issue and the last two serial
/// digits) unless they may see it whole. One rule for the digest, its attachments and the review queue.
/// </summary>
public static class NikMask
{
    public static string Mask(string nik)
    {
        var trimmed = nik.Trim();
        return trimmed.Length == 16 ? string.Concat(trimmed.AsSpan(0, 6), "********", trimmed.AsSpan(14, 2)) : new string('*', trimmed.Length);
    }

    public static string Apply(string nik, bool maySeeFullNik) => maySeeFullNik ? nik.Trim() : Mask(nik);
}
