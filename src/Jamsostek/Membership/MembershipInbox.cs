using Jamsostek.Tabular;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jamsostek.Membership;

/// <summary>
/// The membership inbox (SPEC 2.4): every CSV/XLSX file dropped there is imported, oldest as-of first so the newest ends as
/// the register; imported (or already imported) files move to archive/, held ones to held/ with a report beside them.
/// </summary>
public sealed partial class MembershipInbox(
    MembershipImporter importer,
    IOptions<MembershipOptions> options,
    TimeProvider timeProvider,
    ILogger<MembershipInbox> logger)
{
    private static readonly string[] Extensions = [".csv", ".txt", ".xlsx"];

    public string InboxPath => Path.GetFullPath(options.Value.InboxPath);

    public async Task<IReadOnlyList<MembershipImportResult>> SyncAsync(CancellationToken cancellationToken)
    {
        var inbox = new DirectoryInfo(InboxPath);
        var files = InboxFolder.Files(inbox.FullName, Extensions)
            .OrderBy(f => MembershipImporter.AsOf(f.FullName))
            .ThenBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        var results = new List<MembershipImportResult>();
        foreach (var file in files)
        {
            var result = await importer.ImportAsync(file.FullName, cancellationToken);
            var folder = result.Outcome == MembershipImportOutcome.Held ? "held" : "archive";
            var moved = Move(file, Path.Combine(inbox.FullName, folder));
            if (result.Outcome == MembershipImportOutcome.Held || result.Problems.Count > 0)
            {
                await File.WriteAllTextAsync(moved + ".report.txt", result.Report(), cancellationToken);
            }

            results.Add(result);
        }

        var held = results.Count(r => r.Outcome == MembershipImportOutcome.Held);
        LogSynced(files.Count, held);
        return results;
    }

    /// <summary>Moves the file into the folder, never over an earlier file of the same name.</summary>
    private string Move(FileInfo file, string folder)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, file.Name);
        if (File.Exists(target))
        {
            target = Path.Combine(folder, $"{timeProvider.GetUtcNow():yyyyMMddHHmmssfff}-{file.Name}");
        }

        file.MoveTo(target);
        return target;
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Membership inbox synced: {Files} files, {Held} held back")]
    private partial void LogSynced(int files, int held);
}
