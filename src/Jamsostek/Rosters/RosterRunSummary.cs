using System.Text;
using Jamsostek.Tabular;

namespace Jamsostek.Rosters;

/// <summary>The totals of one run over files and feeds, and the one-line summary the command line prints (SPEC 5).</summary>
public sealed class RosterRunSummary
{
    private readonly Dictionary<string, int> quarantined = new(StringComparer.Ordinal);
    private readonly List<string> rejections = [];
    private readonly List<string> failures = [];
    private readonly List<string> settingsRefused = [];

    public int Files { get; set; }

    public int FilesUnchanged { get; set; }

    /// <summary>Inbox files written within Rosters:InboxQuietPeriod: maybe still being copied in, left for the next run.</summary>
    public int FilesWaiting { get; set; }

    /// <summary>OpenSID feeds this run asked (given up or not); without any, the one-line summary says nothing of pulls.</summary>
    public int FeedsAsked { get; set; }

    /// <summary>The roster inbox this run read, or null (files named on the command line, or no Rosters:InboxPath): named in
    /// the summary, so the admin sees which folder an hourly run read.</summary>
    public string? Inbox { get; set; }

    /// <summary>Files of the inbox's archive/ older than Rosters:ArchiveRetention this run deleted, each with its report.</summary>
    public int ArchiveRemoved { get; set; }

    /// <summary>Archived files past Rosters:ArchiveRetention that could not be deleted (each logged): left for an admin.</summary>
    public int ArchiveNotRemoved { get; set; }

    public int DesaPulled { get; set; }

    /// <summary>Desa whose pull failed (server, time-out, broken answer): each keeps its previous roster, its sentence is in <see cref="Failures"/>.</summary>
    public int DesaFailed { get; private set; }

    /// <summary>Desa whose pull was held back by the shrink guard: each keeps its previous roster, its sentence is in <see cref="Rejections"/>.</summary>
    public int DesaHeldBack { get; private set; }

    /// <summary>Files rejected whole (a missing column, a cell too long, a broken workbook...).</summary>
    public int FilesRejected { get; private set; }

    /// <summary>Files held back by the shrink guard (a desa would lose more than half of its people); their sentence is in <see cref="Rejections"/>.</summary>
    public int FilesHeldBack { get; private set; }

    public int Taken { get; private set; }

    /// <summary>Entries listed for the first time.</summary>
    public int Appeared { get; private set; }

    /// <summary>Entries listed again after having left (kept apart: a village that dropped and relisted people is not growing).</summary>
    public int Returned { get; private set; }

    public int Changed { get; private set; }

    public int Left { get; private set; }

    public int Warned { get; private set; }

    public IReadOnlyDictionary<string, int> Quarantined => quarantined;

    /// <summary>One sentence per file rejected whole and per desa pull held back: what the admin must look at (exit code 1).</summary>
    public IReadOnlyList<string> Rejections => rejections;

    /// <summary>One sentence per desa whose pull failed: nothing was wrong with the input, the same pull run again may succeed (exit code 3).</summary>
    public IReadOnlyList<string> Failures => failures;

    /// <summary>The sentences of <see cref="Failures"/> for a feed whose server refused its token (401, 403) or the request
    /// itself (400: a filter it does not have; 404: no such API at its address): a setting to correct, not a failure the next
    /// run may mend.</summary>
    public IReadOnlyList<string> SettingsRefused => settingsRefused;

    /// <summary>What someone must act on: files rejected, desa held back, feed settings refused. A feed that did not answer is
    /// not among them: the next run asks it again.</summary>
    public IReadOnlyList<string> NeedingAttention => [.. rejections, .. settingsRefused];

    /// <summary>The sentence naming the desa whose pull has failed for longer than Rosters:FeedFailingAlertAfter and whose
    /// alert is due (the first run past it, then once a day): the hourly job fails with it. Null when none is due.</summary>
    public string? FeedsFailingAlert { get; set; }

    /// <summary>The desa of this run's feeds whose pull failed for a passing reason, as recorded in roster.feed_pull: since
    /// when, and whether past Rosters:FeedFailingAlertAfter. Empty for a run whose pulls all succeeded or that pulled none.</summary>
    public IReadOnlyList<RosterFeedFailing> FeedsFailing { get; set; } = [];

    /// <summary>The sentence naming every desa of <see cref="FeedsFailing"/>, since when and when the hourly job fails for it
    /// next (past Rosters:FeedFailingAlertAfter or not yet), as the alert claim reckoned it: the hourly job's green result
    /// carries it. Null when none failed, and for a run that claims no alert (<c>pull roster</c>).</summary>
    public string? FeedsStillFailing { get; set; }

    public void Add(RosterImportResult result)
    {
        AddRows(result.Taken, result.Appeared, result.Returned, result.Changed, result.Left, result.Warned, result.Quarantined);
    }

    /// <summary>A file taken: its rows, and a sentence to act on when every row of it was quarantined (nothing was taken,
    /// which the counts alone showed as a quiet success).</summary>
    public void AddFile(RosterImportResult result)
    {
        Add(result);
        if (!result.Skipped && result.Taken == 0 && result.QuarantinedTotal > 0)
        {
            rejections.Add(
                $"{result.Sumber}: all {result.QuarantinedTotal} of its rows were quarantined, so nothing was taken from it; correct the rows its report names and send it again.");
        }
    }

    public void AddFileRejection(string message)
    {
        FilesRejected++;
        rejections.Add(message);
    }

    public void AddFileHeldBack(string message)
    {
        FilesHeldBack++;
        rejections.Add(message);
    }

    /// <summary>A failed pull, or the <paramref name="desa"/> desa of a feed not asked after its server stopped answering: one sentence for all.</summary>
    public void AddFailedPull(string message, int desa = 1)
    {
        DesaFailed += desa;
        failures.Add(message);
    }

    /// <summary>A pull refused for the feed's token or address; the feed's other desa are not asked with them.</summary>
    public void AddRefusedSetting(string message)
    {
        settingsRefused.Add(message);
        AddFailedPull(message);
    }

    public void AddHeldBackPull(string message)
    {
        DesaHeldBack++;
        rejections.Add(message);
    }

    public void Add(RosterRunSummary other)
    {
        Files += other.Files;
        FilesUnchanged += other.FilesUnchanged;
        FilesWaiting += other.FilesWaiting;
        FeedsAsked += other.FeedsAsked;
        Inbox ??= other.Inbox;
        ArchiveRemoved += other.ArchiveRemoved;
        ArchiveNotRemoved += other.ArchiveNotRemoved;
        DesaPulled += other.DesaPulled;
        DesaFailed += other.DesaFailed;
        DesaHeldBack += other.DesaHeldBack;
        FilesRejected += other.FilesRejected;
        FilesHeldBack += other.FilesHeldBack;
        AddRows(other.Taken, other.Appeared, other.Returned, other.Changed, other.Left, other.Warned, other.quarantined);
        rejections.AddRange(other.rejections);
        failures.AddRange(other.failures);
        settingsRefused.AddRange(other.settingsRefused);
        FeedsFailingAlert ??= other.FeedsFailingAlert;
        FeedsFailing = [.. FeedsFailing, .. other.FeedsFailing];
        FeedsStillFailing ??= other.FeedsStillFailing;
    }

    private void AddRows(int taken, int appeared, int returned, int changed, int left, int warned, IReadOnlyDictionary<string, int> quarantinedRows)
    {
        Taken += taken;
        Appeared += appeared;
        Returned += returned;
        Changed += changed;
        Left += left;
        Warned += warned;
        foreach (var (alasan, rows) in quarantinedRows)
        {
            quarantined[alasan] = quarantined.GetValueOrDefault(alasan) + rows;
        }
    }

    public override string ToString()
    {
        var line = new StringBuilder();
        var waiting = FilesWaiting == 0 ? "" : $", {FilesWaiting} still being written (left for the next run)";
        var pulled = FeedsAsked == 0 ? "" : $", {DesaPulled} desa pulled ({DesaFailed} failed, {DesaHeldBack} held back)";
        var from = Inbox is null ? "" : $" in {Inbox}";
        var heldBack = FilesHeldBack == 0 ? "" : $", {FilesHeldBack} held back";
        line.Append($"Rosters: {Files} file(s){from} ({FilesUnchanged} unchanged, {FilesRejected} rejected{heldBack}{waiting}){pulled}; ");
        line.Append($"rows taken {Taken}, new {Appeared}, back {Returned}, changed {Changed}, left {Left}, warned {Warned}, quarantined {quarantined.Values.Sum()}");
        if (quarantined.Count > 0)
        {
            line.Append(" (");
            line.AppendJoin("; ", quarantined.OrderByDescending(q => q.Value).ThenBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Value}× {q.Key.TrimEnd('.')}"));
            line.Append(')');
        }

        line.Append(ArchivePruning.Clause(ArchiveRemoved, ArchiveNotRemoved, RosterFileImporter.ArchiveRetentionKey));
        return line.Append('.').ToString();
    }
}

/// <summary>A desa of a feed whose pull failed for a passing reason, failing since <paramref name="Since"/> as the run recorded
/// at <paramref name="RecordedAt"/>; <paramref name="PastThreshold"/>: for longer than Rosters:FeedFailingAlertAfter.</summary>
public sealed record RosterFeedFailing(string Feed, string KodeDesa, DateTimeOffset Since, bool PastThreshold, DateTimeOffset RecordedAt);
