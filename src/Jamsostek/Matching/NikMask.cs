namespace Jamsostek.Matching;

/// <summary>A NIK as officials and admins see it unless configured otherwise (SPEC 6): 360401********01.</summary>
public static class NikMask
{
    public static string Mask(string nik) =>
        nik.Length == 16 ? string.Concat(nik.AsSpan(0, 6), "********", nik.AsSpan(14, 2)) : new string('*', nik.Length);
}
