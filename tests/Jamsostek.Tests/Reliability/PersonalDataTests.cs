using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using Hangfire;
using Hangfire.Storage;
using Jamsostek.Digest;
using Jamsostek.Rosters;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Reliability;

/// <summary>SPEC 6: NIKs, names and phone numbers never reach logs or job arguments, even at Debug; exports defuse formulas.</summary>
[Collection(HangfireHostCollection.Name)]
[Trait("Category", "Slow")]
public sealed partial class PersonalDataTests : IDisposable
{
    private readonly ReliabilityData data = ReliabilityData.Create(rosterEntries: 4_000, membershipRecords: 8_000);

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_whole_night_at_Debug_through_the_command_line_and_Hangfire_logs_no_NIK_phone_number_or_name_and_no_job_argument_carries_one()
    {
        var logs = new StringBuilder();
        var debug = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Debug" };

        // The command line, one command after the other.
        await using (var database = await TestDatabase.CreateAsync())
        await using (var smtp = await SmtpServer.StartAsync())
        {
            var settings = database.Settings(debug);
            foreach (var (key, value) in smtp.Settings())
            {
                settings[key] = value;
            }

            var export = data.Folder("exports");
            foreach (var command in new[]
            {
                ["import", "roster", data.Roster], ["import", "membership", data.Membership], ["reconcile", "--as-of", "2026-11-22"],
                ["digest", "recipients", "seed", "--domain", "serangkab.test"], ["digest", "send", "--week", "2026-W47"],
                ["export", "coverage", "--out", Path.Combine(export, "coverage.csv")], new[] { "export", "rejects", "--out", Path.Combine(export, "rejects.csv") },
            })
            {
                var run = await WorkerProcess.RunAsync(command, settings, TimeSpan.FromMinutes(5));
                Assert.True(run.ExitCode == 0, $"{string.Join(' ', command)}: {run.Stderr}");
                logs.Append(run.Stdout).Append(run.Stderr);
            }

            Assert.NotEmpty(smtp.Messages());
        }

        // serve: the inboxes taken, reconciled and digested by Hangfire jobs.
        await using (var database = await TestDatabase.CreateAsync())
        {
            var rosterInbox = data.Folder("roster-inbox");
            var membershipInbox = data.Folder("membership-inbox");
            File.Copy(data.Roster, Path.Combine(rosterInbox, Path.GetFileName(data.Roster)));
            File.Copy(data.Membership, Path.Combine(membershipInbox, Path.GetFileName(data.Membership)));
            var settings = database.Settings(debug);
            settings["Rosters:InboxPath"] = rosterInbox;
            settings["Membership:InboxPath"] = membershipInbox;
            settings["Digest:PickupPath"] = data.Folder("pickup");
            settings["urls"] = "http://127.0.0.1:0";
            settings["Dashboard:Users:0:Name"] = "admin";
            settings["Dashboard:Users:0:PasswordHash"] = Jamsostek.Worker.Dashboard.PasswordHash.Create("admin-secret-for-tests");
            settings["Dashboard:Users:0:Role"] = "Admin";
            var seed = await WorkerProcess.RunAsync(["digest", "recipients", "seed", "--domain", "serangkab.test"], database.Settings());
            Assert.Equal(0, seed.ExitCode);

            using var serve = WorkerProcess.Start(["serve"], settings);
            var output = new StringBuilder();
            serve.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            serve.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            serve.BeginOutputReadLine();
            serve.BeginErrorReadLine();
            try
            {
                using var client = database.BuildHost();
                var manager = client.Services.GetRequiredService<IRecurringJobManager>();
                var storage = client.Services.GetRequiredService<JobStorage>();
                await Eventually.ReturnsAsync(() => RecurringJobCountAsync(database), n => n >= 4, TimeSpan.FromMinutes(2));
                foreach (var job in new[] { "pull-roster-updates", "sync-membership", "reconcile-coverage", "send-weekly-digest" })
                {
                    if (job == "send-weekly-digest")
                    {
                        // The job reports the week that ended last Sunday, and a week without a reconciled day gets no digest:
                        // that Sunday is reconciled (late, so BACKFILL), as the nights before this one would have.
                        var sunday = WeeklyDigest.ReportWeekAt(DateTimeOffset.UtcNow).Sunday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                        var reconcile = await WorkerProcess.RunAsync(["reconcile", "--as-of", sunday], settings, TimeSpan.FromMinutes(5));
                        Assert.True(reconcile.ExitCode == 0, $"reconcile --as-of {sunday}: {reconcile.Stderr}");
                        logs.Append(reconcile.Stdout).Append(reconcile.Stderr);
                    }

                    var before = LastJobId(storage, job);
                    manager.Trigger(job);
                    var state = await Eventually.ReturnsAsync(
                        () => Task.FromResult(LastJobId(storage, job) is { } id && id != before ? State(storage, id) : null),
                        s => s is "Succeeded" or "Failed",
                        TimeSpan.FromMinutes(4));
                    Assert.True(state == "Succeeded", $"{job}: {state}");
                    if (job == "reconcile-coverage")
                    {
                        await Eventually.ReturnsAsync(() => DatabaseState.CountAsync(database, "SELECT count(*) FROM coverage.day"), n => n > 0, TimeSpan.FromMinutes(4));
                    }
                }

                Assert.True(await DatabaseState.CountAsync(database, "SELECT count(*) FROM roster.entry") > 3_000);
                Assert.True(await DatabaseState.CountAsync(database, "SELECT count(*) FROM digest.outbox WHERE sent_at IS NOT NULL") > 0);
                foreach (var row in await DatabaseState.RowsAsync(database, "SELECT concat_ws('|', invocationdata, arguments) FROM hangfire.job"))
                {
                    logs.AppendLine(row);
                }

                Assert.True(await DatabaseState.CountAsync(database, "SELECT count(*) FROM hangfire.job") >= 33);
            }
            finally
            {
                serve.Kill(entireProcessTree: true);
                await serve.WaitForExitAsync();
            }

            lock (output)
            {
                Assert.Contains("dbug:", output.ToString(), StringComparison.Ordinal);
                logs.Append(output);
            }
        }

        var text = logs.ToString();
        Assert.Empty(Nik().Matches(text).Select(m => m.Value).Distinct());
        Assert.Empty(Phone().Matches(text).Select(m => m.Value).Distinct());
        Assert.Empty(NamesIn(text));
    }

    [Fact]
    public async Task Export_rejects_defuses_formula_cells_of_quarantined_rows()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = data.Folder("formulas");
        var roster = Path.Combine(folder, "roster_formula.csv");
        var attack = BadInputCorpus.Hyperlink.Replace("\"", "\"\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(roster, string.Join('\n',
            "kode_desa,nik,nama,peran",
            $"3604052001,123,\"{attack}\",PETANI",
            "\"=1+2\",3604054101900001,Siti Aminah,PETANI",
            "3604052001,\"@SUM(A1:A9)\",Budi,NELAYAN",
            "3604052001,3604054101900002,\"+62 812 0000\",BOSS",
            "3604052001,\"-1\",\"\tTab\",PETANI") + "\n");
        var output = Path.Combine(folder, "rejects.csv");

        // Every row is bad: taken with nothing in it, which needs someone to look (exit 1).
        Assert.Equal(1, (await WorkerProcess.RunAsync(["import", "roster", roster], database.Settings())).ExitCode);
        Assert.Equal(0, (await WorkerProcess.RunAsync(["export", "rejects", "--out", output], database.Settings())).ExitCode);

        using var reader = CsvReader.Create(new StreamReader(output), new CsvReaderOptions { Separator = ',', HasHeader = false, AllowLineBreaksInQuotes = true });
        var cells = new List<string>();
        while (reader.Read())
        {
            cells.AddRange(reader.Current.ToArray());
        }

        Assert.Contains(cells, c => c.StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        Assert.DoesNotContain(cells, c => c.Length > 0 && "=+-@\t\r".Contains(c[0], StringComparison.Ordinal));

        // As a workbook: the same rows, each cell text as the village wrote it, none a formula.
        var workbookFile = Path.Combine(folder, "rejects.xlsx");
        Assert.Equal(0, (await WorkerProcess.RunAsync(["export", "rejects", "--out", workbookFile], database.Settings())).ExitCode);
        var workbook = WrittenWorkbook.Read(workbookFile);
        Assert.Equal(RosterRejectsExport.Columns.Select(c => c.Name), workbook.Header);
        Assert.Equal(5, workbook.Rows.Count);
        Assert.Contains(workbook.Rows, r => ((string)r["nama"]!).StartsWith("=HYPERLINK", StringComparison.Ordinal));
        Assert.DoesNotContain("<x:f", workbook.SheetXml, StringComparison.Ordinal);
    }

    private static async Task<long> RecurringJobCountAsync(TestDatabase database)
    {
        try
        {
            return await DatabaseState.CountAsync(database, "SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs'");
        }
        catch (Npgsql.PostgresException)
        {
            return 0;
        }
    }

    private static string? LastJobId(JobStorage storage, string recurringJobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([recurringJobId]).SingleOrDefault()?.LastJobId;
    }

    private static string? State(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId)?.State;
    }

    /// <summary>Every full roster name of two words or more that appears in the text (word pairs first, to keep it fast).</summary>
    private List<string> NamesIn(string text)
    {
        var words = Word().Matches(text).Select(m => m.Value.ToUpperInvariant()).ToList();
        var pairs = words.Zip(words.Skip(1), (a, b) => a + " " + b).ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        using var reader = CsvReader.Create(new StreamReader(data.Roster), new CsvReaderOptions { Separator = ',', AllowLineBreaksInQuotes = true });
        while (reader.Read())
        {
            var nama = reader.GetString("nama");
            var parts = Word().Matches(nama).Select(m => m.Value.ToUpperInvariant()).ToList();
            if (parts.Count >= 2 && pairs.Contains(parts[0] + " " + parts[1]) && text.Contains(nama, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(nama);
            }
        }

        return found;
    }

    // 16 digits, alone or with spaces, dots or dashes between them, not inside a longer token (a hash, a GUID).
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:\d[ .\-]?){15}\d(?![0-9A-Za-z])")]
    private static partial Regex Nik();

    // Indonesian mobile numbers: 08xx..., 628xx..., +62 8xx..., with or without separators.
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:\+62|62|0)[ .\-]?8\d{1,3}[ .\-]?\d{3,4}[ .\-]?\d{2,5}(?![0-9A-Za-z])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
