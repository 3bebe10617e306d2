using System.Diagnostics;
using Jamsostek.Membership;
using Jamsostek.Rosters;
using Jamsostek.Tests.Coverage;
using Jamsostek.Tests.Infrastructure;
using Jamsostek.Tests.Membership;
using Jamsostek.Tests.Rosters;
using Microsoft.Extensions.DependencyInjection;
using static Jamsostek.Tests.Rosters.RosterDatabase;

namespace Jamsostek.Tests.Tabular;

/// <summary>
/// The inboxes' archive/ (UU 27/2022, SPEC 6): every archived file holds the NIKs, names and birth dates it came with, and
/// the branch's daily register grew it by over 100 GB a year. Each run deletes the files archived longer ago than
/// Rosters:ArchiveRetention or Membership:ArchiveRetention, with their reports; rejected/ and held/ wait for a person and
/// are never touched, nor the inbox itself; a file that cannot be deleted is left without failing the run.
/// </summary>
public sealed class InboxArchiveTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly string folder = Directory.CreateTempSubdirectory("jamsostek-archive-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_roster_run_deletes_archived_files_older_than_the_retention_with_their_reports_and_keeps_the_rest()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(folder, "rosters")).FullName;
        await using var database = await TestDatabase.CreateAsync();
        using var host = CoverageTestData.BuildHost(database, new TestClock(Now), settings: new Dictionary<string, string?>
        {
            ["Rosters:InboxPath"] = inbox,
            ["Rosters:ArchiveRetention"] = "90.00:00:00",
        });
        var untouched = NotToBeTouched(inbox, ".DS_Store", "~$kramatwatu.xlsx");
        var old = Written(Path.Combine(inbox, "archive", "kramatwatu.csv"), TimeSpan.FromDays(91));
        var oldReport = Written(old + ".report.txt", TimeSpan.FromDays(91));
        var recent = Written(Path.Combine(inbox, "archive", "margasana.csv"), TimeSpan.FromDays(89));
        var recentReport = Written(recent + ".report.txt", TimeSpan.FromDays(89));
        // Archived before files were stamped on archiving: its own time is when the village wrote it, its report's when it was archived.
        var writtenLongBefore = Written(Path.Combine(inbox, "archive", "pagintungan.csv"), TimeSpan.FromDays(200));
        var archivedRecently = Written(writtenLongBefore + ".report.txt", TimeSpan.FromDays(10));

        var summary = await host.Services.GetRequiredService<RosterUpdates>().RunAsync(CancellationToken.None);

        Assert.EndsWith("; archive: 1 file(s) older than Rosters:ArchiveRetention deleted.", summary.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(old));
        Assert.False(File.Exists(oldReport));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(recentReport));
        Assert.True(File.Exists(writtenLongBefore));
        Assert.True(File.Exists(archivedRecently));
        AssertUntouched(untouched);
    }

    [Fact]
    public async Task A_membership_sync_deletes_archived_files_older_than_the_retention_with_their_reports_and_keeps_the_rest()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(folder, "membership")).FullName;
        await using var database = await TestDatabase.CreateAsync();
        using var host = CoverageTestData.BuildHost(database, new TestClock(Now), settings: new Dictionary<string, string?>
        {
            ["Membership:InboxPath"] = inbox,
            ["Membership:ArchiveRetention"] = "30.00:00:00",
        });
        var untouched = NotToBeTouched(inbox, ".DS_Store");
        var old = Written(Path.Combine(inbox, "archive", "kepesertaan_2026-09-01.csv"), TimeSpan.FromDays(31));
        var oldReport = Written(old + ".report.txt", TimeSpan.FromDays(31));
        var oldWithoutReport = Written(Path.Combine(inbox, "archive", "kepesertaan_2026-09-02.csv"), TimeSpan.FromDays(40));
        var reportWithoutFile = Written(Path.Combine(inbox, "archive", "kepesertaan_2026-09-03.csv.report.txt"), TimeSpan.FromDays(40));
        var recent = Written(Path.Combine(inbox, "archive", "kepesertaan_2026-11-30.csv"), TimeSpan.FromDays(29));

        var sync = await host.Services.GetRequiredService<MembershipInbox>().SyncAsync(CancellationToken.None);

        Assert.Equal(
            $"Membership inbox {inbox}: 0 files imported, 0 already imported, 0 held back; archive: 3 file(s) older than Membership:ArchiveRetention deleted.",
            sync.ToLine());
        Assert.All([old, oldReport, oldWithoutReport, reportWithoutFile], f => Assert.False(File.Exists(f), f));
        Assert.True(File.Exists(recent));
        AssertUntouched(untouched);
    }

    [Fact]
    public async Task A_roster_file_is_kept_for_the_retention_from_when_it_was_archived_not_from_when_it_was_written()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(folder, "rosters")).FullName;
        await using var database = await TestDatabase.CreateAsync();
        var clock = new TestClock(Now);
        using var host = CoverageTestData.BuildHost(database, clock, settings: new Dictionary<string, string?> { ["Rosters:InboxPath"] = inbox });
        var updates = host.Services.GetRequiredService<RosterUpdates>();
        // An SFTP client or an unzip keeps the time the village wrote the file, months before it was sent.
        var dropped = Written(Path.Combine(inbox, "kramatwatu.csv"), TimeSpan.FromDays(200), RosterTestFiles.Header, $"{Kramatwatu},{Nik(1)},Ahmad,,,BPD,");
        var archived = Path.Combine(inbox, "archive", "kramatwatu.csv");

        await updates.RunAsync(CancellationToken.None);
        clock.Now = Now.AddDays(89);
        var laterRun = await updates.RunAsync(CancellationToken.None);

        Assert.False(File.Exists(dropped));
        Assert.True(File.Exists(archived));
        Assert.DoesNotContain("archive:", laterRun.ToString(), StringComparison.Ordinal);

        clock.Now = Now.AddDays(91);
        var runPastRetention = await updates.RunAsync(CancellationToken.None);

        Assert.EndsWith("; archive: 1 file(s) older than Rosters:ArchiveRetention deleted.", runPastRetention.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(archived));
    }

    [Fact]
    public async Task A_membership_file_is_kept_for_the_retention_from_when_it_was_archived_not_from_when_it_was_written()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(folder, "membership")).FullName;
        await using var database = await TestDatabase.CreateAsync();
        var clock = new TestClock(Now);
        using var host = CoverageTestData.BuildHost(database, clock, settings: new Dictionary<string, string?> { ["Membership:InboxPath"] = inbox });
        var membership = host.Services.GetRequiredService<MembershipInbox>();
        var dropped = Written(Path.Combine(inbox, "kepesertaan_2026-11-30.csv"), TimeSpan.FromDays(200), [MembershipFiles.Header, .. MembershipFiles.People(3)]);
        var archived = Path.Combine(inbox, "archive", "kepesertaan_2026-11-30.csv");

        var first = await membership.SyncAsync(CancellationToken.None);
        clock.Now = Now.AddDays(29);
        var laterSync = await membership.SyncAsync(CancellationToken.None);

        Assert.Equal(MembershipImportOutcome.Imported, Assert.Single(first.Files).Outcome);
        Assert.False(File.Exists(dropped));
        Assert.True(File.Exists(archived));
        Assert.DoesNotContain("archive:", laterSync.ToLine(), StringComparison.Ordinal);

        clock.Now = Now.AddDays(31);
        var syncPastRetention = await membership.SyncAsync(CancellationToken.None);

        Assert.EndsWith("; archive: 1 file(s) older than Membership:ArchiveRetention deleted.", syncPastRetention.ToLine(), StringComparison.Ordinal);
        Assert.False(File.Exists(archived));
    }

    [Fact]
    public async Task An_archived_file_that_cannot_be_deleted_is_left_and_both_inboxes_still_run()
    {
        var rosterInbox = Directory.CreateDirectory(Path.Combine(folder, "rosters")).FullName;
        var membershipInbox = Directory.CreateDirectory(Path.Combine(folder, "membership")).FullName;
        await using var database = await TestDatabase.CreateAsync();
        using var host = CoverageTestData.BuildHost(database, new TestClock(Now), settings: new Dictionary<string, string?>
        {
            ["Rosters:InboxPath"] = rosterInbox,
            ["Membership:InboxPath"] = membershipInbox,
        });
        var lockedRoster = Written(Path.Combine(rosterInbox, "archive", "kramatwatu.csv"), TimeSpan.FromDays(400));
        var lockedRegister = Written(Path.Combine(membershipInbox, "archive", "kepesertaan_2025-11-01.csv"), TimeSpan.FromDays(400));
        using var rosterLock = Undeletable(lockedRoster);
        using var registerLock = Undeletable(lockedRegister);

        var rosters = await host.Services.GetRequiredService<RosterUpdates>().RunAsync(CancellationToken.None);
        var membership = await host.Services.GetRequiredService<MembershipInbox>().SyncAsync(CancellationToken.None);

        Assert.EndsWith("; archive: 0 file(s) older than Rosters:ArchiveRetention deleted, 1 could not be deleted (see the log).", rosters.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("; archive: 0 file(s) older than Membership:ArchiveRetention deleted, 1 could not be deleted (see the log).", membership.ToLine(), StringComparison.Ordinal);
        Assert.True(File.Exists(lockedRoster));
        Assert.True(File.Exists(lockedRegister));
    }

    /// <summary>Old files in the inbox itself (what came with the folder), rejected/ and held/, none of which a run may delete.</summary>
    private static List<string> NotToBeTouched(string inbox, params string[] inInbox)
    {
        var ancient = TimeSpan.FromDays(3000);
        List<string> files = [.. inInbox.Select(name => Written(Path.Combine(inbox, name), ancient))];
        foreach (var (aside, report) in new[] { ("rejected", ".error.txt"), ("held", ".report.txt") })
        {
            var file = Written(Path.Combine(inbox, aside, "pagintungan.csv"), ancient);
            files.AddRange([file, Written(file + report, ancient)]);
        }

        return files;
    }

    private static void AssertUntouched(List<string> files) => Assert.All(files, f => Assert.True(File.Exists(f), f));

    /// <summary>A file last written <paramref name="ago"/> before the tests' now.</summary>
    private static string Written(string path, TimeSpan ago, params string[] lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        File.SetLastWriteTimeUtc(path, (Now - ago).UtcDateTime);
        return path;
    }

    /// <summary>
    /// A file the worker's user cannot delete: immutable for root (who may delete anything else), else its folder read-only.
    /// Undone on dispose so the temporary folder can go.
    /// </summary>
    private static Undo Undeletable(string path)
    {
        if (Environment.UserName == "root")
        {
            Run("chattr", "+i", path);
            return new Undo(() => Run("chattr", "-i", path));
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The worker runs on Debian (README).");
        }

        var parent = Path.GetDirectoryName(path)!;
        var mode = File.GetUnixFileMode(parent);
        File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return new Undo(() =>
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(parent, mode);
            }
        });
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {error}");
    }

    private sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
