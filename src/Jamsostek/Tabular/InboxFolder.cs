using Microsoft.Extensions.Options;

namespace Jamsostek.Tabular;

/// <summary>An inbox folder people drop files into (SPEC 2.1, 2.4).</summary>
internal static class InboxFolder
{
    /// <summary>
    /// The files it offers. Every file someone dropped is offered, whatever its type: the importers
    /// move one they do not read (an .xls, a PDF) aside with a report saying what they read, where it used to wait in the
    /// inbox without a word. Not offered: what no one dropped. Excel keeps a <c>~$</c> lock file beside a workbook that is
    /// open, unreadable while Excel holds it; hidden files (.DS_Store) and Windows' Thumbs.db and desktop.ini come with the
    /// folder. A file written within
    /// <paramref name="quietPeriod"/> before <paramref name="now"/> is left for the next run: a copy over the network still in
    /// progress reads as a whole file cut short, and its good first rows would be taken as the desa's roster or the branch's
    /// register. A zero quiet period takes every file, even one whose time a coarse file system rounded past now.
    /// </summary>
    /// <exception cref="OptionsValidationException">The folder does not exist: created, a mistyped path read as an empty inbox
    /// every run while the files waited in the real one.</exception>
    public static InboxListing Files(string folder, string key, TimeSpan quietPeriod, DateTimeOffset now)
    {
        if (!Directory.Exists(folder))
        {
            throw new OptionsValidationException(key, typeof(string), [
                File.Exists(folder)
                    ? $"{key} ({Path.GetFullPath(folder)}) is a file, not a folder: give the inbox folder."
                    : $"{key} ({Path.GetFullPath(folder)}) does not exist: create the folder (the worker makes its archive/ and the others inside) or correct the setting."]);
        }

        var writtenBefore = quietPeriod <= TimeSpan.Zero ? DateTime.MaxValue : (now - quietPeriod).UtcDateTime;
        var ready = new List<FileInfo>();
        var stillBeingWritten = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            if (file.Name.StartsWith('~') || file.Name.StartsWith('.') || file.Name.Equals("Thumbs.db", StringComparison.OrdinalIgnoreCase)
                || file.Name.Equals("desktop.ini", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (file.LastWriteTimeUtc < writtenBefore)
            {
                ready.Add(file);
            }
            else
            {
                stillBeingWritten++;
            }
        }

        return new InboxListing(ready, stillBeingWritten);
    }

    /// <summary>
    /// Moves a file a run is done with into <paramref name="folder"/> (archive/, rejected/, held/; made 0750) and returns
    /// where it went. A file of the same name already there (villages send roster.csv every week) stays: the newcomer gets
    /// the time it was moved before its extension, so it still opens as what it is.
    /// </summary>
    public static string MoveAside(string path, string folder, DateTimeOffset now)
    {
        PrivateFile.Folder(folder);
        var target = Path.Combine(folder, Path.GetFileName(path));
        if (File.Exists(target))
        {
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(path)}.{now.UtcDateTime:yyyyMMddHHmmssfff}{Path.GetExtension(path)}");
        }

        File.Move(path, target);
        return target;
    }
}

/// <param name="Ready">Files left alone for the quiet period, to be read now.</param>
/// <param name="StillBeingWritten">Files written too recently, left in the inbox for the next run.</param>
internal sealed record InboxListing(IReadOnlyList<FileInfo> Ready, int StillBeingWritten);
