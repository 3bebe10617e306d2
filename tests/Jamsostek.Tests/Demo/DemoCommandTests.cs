using Dapper;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_runs_one_night_and_previews_this_weeks_digest_for_every_scope_without_using_the_week_up()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("jamsostek-demo-");
        try
        {
            var settings = database.Settings(FoldersIn(folder));
            settings["Demo:RosterEntries"] = "3000";
            settings["Demo:MembershipRecords"] = "6000";

            var run = await WorkerProcess.RunAsync(["demo"], settings, TimeSpan.FromMinutes(10));

            Assert.True(run.ExitCode == 0, run.Stderr);
            await using var connection = await database.DataSource.OpenConnectionAsync();
            var statuses = (await connection.QueryAsync<string>("SELECT DISTINCT status FROM coverage.entry_status")).ToHashSet();
            // A realistic night has every kind of worker the digest reports on, probable matches to review among them.
            Assert.Superset(new HashSet<string> { "NOT_REGISTERED", "NEEDS_REVIEW", "INACTIVE", "LAPSED", "PARTIAL", "COVERED" }, statuses);
            var recipients = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM digest.recipient");
            Assert.Equal(1 + 29 + 326, recipients);
            var previews = Path.Combine(folder.FullName, "work", "digest");
            Assert.Equal(recipients, Directory.GetFiles(previews, "*.eml").Length);
            Assert.Equal(recipients, Directory.GetFiles(previews, "*.html").Length);
            Assert.Contains($"{recipients} digests of ", run.Stdout, StringComparison.Ordinal);
            // The week is still running: its digest is due the Monday after it ends. Nothing is recorded as sent (the outbox)
            // or delivered (the pickup folder, where a file named as the week's digest counts as delivered), so that Monday's
            // job still sends it to every recipient.
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM digest.outbox"));
            var pickup = Path.Combine(folder.FullName, "pickup");
            Assert.False(Directory.Exists(pickup) && Directory.EnumerateFileSystemEntries(pickup).Any(), "the demo delivered digests to the pickup folder");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Demo:RosterEntries", "5", "Demo:RosterEntries must be at least 326: one person in every desa.")]
    [InlineData("Demo:Seed", "abc", "Failed to convert configuration value 'abc' at 'Demo:Seed' to type 'System.UInt64'.")]
    public async Task Demo_refuses_a_demo_setting_it_cannot_use_naming_the_key_and_writes_nothing(string key, string value, string sentence)
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("jamsostek-demo-");
        try
        {
            var settings = database.Settings(FoldersIn(folder));
            settings[key] = value;

            var run = await WorkerProcess.RunAsync(["demo"], settings);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal(sentence, run.Stderr.Trim());
            Assert.Empty(folder.EnumerateFileSystemInfos());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Demo_refuses_a_database_that_holds_rosters_it_did_not_write_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new Matching.MatchingWorld(database).RosterAsync("3604051203900023", "Ahmad Fauzi");
        var folder = Directory.CreateTempSubdirectory("jamsostek-demo-");
        try
        {
            var roster = Path.Combine(folder.FullName, "roster");
            var settings = database.Settings(FoldersIn(folder));

            var run = await WorkerProcess.RunAsync(["demo"], settings);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal(
                "demo refuses this database: it holds rosters or a membership register the demo did not write, which its synthetic villages would replace; give the demo a database of its own (ConnectionStrings:Jamsostek).",
                run.Stderr.Trim());
            Assert.False(Directory.Exists(roster) && Directory.EnumerateFileSystemEntries(roster).Any(), "the demo wrote roster files");
            await using var connection = await database.DataSource.OpenConnectionAsync();
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM roster.entry"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The demo's inboxes, pickup folder and working folder, all inside <paramref name="folder"/>.</summary>
    private static Dictionary<string, string?> FoldersIn(DirectoryInfo folder) => new()
    {
        ["Rosters:InboxPath"] = Path.Combine(folder.FullName, "roster"),
        ["Membership:InboxPath"] = Path.Combine(folder.FullName, "membership"),
        ["Digest:PickupPath"] = Path.Combine(folder.FullName, "pickup"),
        ["Demo:WorkingFolder"] = Path.Combine(folder.FullName, "work"),
    };
}
