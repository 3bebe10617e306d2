using Dapper;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_runs_one_night_and_leaves_this_weeks_digest_for_every_scope_in_the_pickup_folder()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("jamsostek-demo-");
        try
        {
            var settings = database.Settings(new Dictionary<string, string?>
            {
                ["Rosters:InboxPath"] = Path.Combine(folder.FullName, "roster"),
                ["Membership:InboxPath"] = Path.Combine(folder.FullName, "membership"),
                ["Digest:PickupPath"] = Path.Combine(folder.FullName, "pickup"),
                ["Demo:WorkingFolder"] = Path.Combine(folder.FullName, "work"),
                ["Demo:RosterEntries"] = "3000",
                ["Demo:MembershipRecords"] = "6000",
            });

            var run = await WorkerProcess.RunAsync(["demo"], settings, TimeSpan.FromMinutes(10));

            Assert.True(run.ExitCode == 0, run.Stderr);
            await using var connection = await database.DataSource.OpenConnectionAsync();
            var statuses = (await connection.QueryAsync<string>("SELECT DISTINCT status FROM coverage.entry_status")).ToHashSet();
            // A realistic night has every kind of worker the digest reports on, probable matches to review among them.
            Assert.Superset(new HashSet<string> { "NOT_REGISTERED", "NEEDS_REVIEW", "INACTIVE", "LAPSED", "PARTIAL", "COVERED" }, statuses);
            var recipients = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM digest.recipient");
            Assert.Equal(1 + 29 + 326, recipients);
            Assert.Equal(recipients, Directory.GetFiles(Path.Combine(folder.FullName, "pickup"), "*.eml").Length);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
