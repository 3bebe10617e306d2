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

    /// <summary>
    /// A number written in a column of codes that is none (cells shifted: a NIK, a phone number, a birth date). A NIK's
    /// length is masked as a NIK; anything else keeps its first two digits and its length, enough to tell a phone
    /// (<c>08********</c>) from a NIK, and is masked for every recipient: seeing NIKs whole is no permission to see a phone.
    /// </summary>
    public static string ApplyToStray(string value, bool maySeeFullNik)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 16)
        {
            return Apply(trimmed, maySeeFullNik);
        }

        var kept = Math.Min(2, trimmed.Length);
        return string.Concat(trimmed.AsSpan(0, kept), new string('*', trimmed.Length - kept));
    }
}
