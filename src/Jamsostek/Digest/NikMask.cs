namespace Jamsostek.Digest;

/// <summary>SPEC 6: emails show a NIK as <c>360401********01</c> (kecamatan of issue and the last two serial digits) unless the recipient may see it whole.</summary>
public static class NikMask
{
    public static string Apply(string nik, bool maySeeFullNik)
    {
        var trimmed = nik.Trim();
        if (maySeeFullNik)
        {
            return trimmed;
        }

        return trimmed.Length == 16 ? string.Concat(trimmed.AsSpan(0, 6), "********", trimmed.AsSpan(14, 2)) : new string('*', trimmed.Length);
    }
}
