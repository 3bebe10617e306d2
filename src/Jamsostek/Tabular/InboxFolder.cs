namespace Jamsostek.Tabular;

/// <summary>An inbox folder people drop files into (SPEC 2.1, 2.4).</summary>
internal static class InboxFolder
{
    /// <summary>
    /// The files it offers, with one of the extensions; created when missing. Excel keeps a <c>~$</c> lock file beside a
    /// workbook that is open: not a file anyone dropped, and unreadable while Excel holds it.
    /// </summary>
    public static IEnumerable<FileInfo> Files(string folder, IReadOnlyCollection<string> extensions) =>
        Directory.CreateDirectory(folder).EnumerateFiles()
            .Where(f => extensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase) && !f.Name.StartsWith('~'));
}
