namespace Jamsostek.Regions;

/// <summary>A Kemendagri region code as people write it: dotted (36.04.05.2001), with spaces, or plain; its digits are the code.</summary>
public static class RegionCode
{
    /// <summary>What people write between a code's digits.</summary>
    public static bool IsSeparator(char c) => c is '.' or ' ' or '-';

    /// <summary>The text without its separators and surrounding white space: the code, if the text was one.</summary>
    public static string Digits(string? text) => string.Concat((text ?? "").Trim().Where(c => !IsSeparator(c)));
}
