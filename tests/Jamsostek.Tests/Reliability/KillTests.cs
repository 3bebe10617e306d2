using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Reliability;

/// <summary>
/// The worker killed with SIGKILL while it really works (its query active in PostgreSQL, or part of its effect visible), then run
/// again, ends exactly as an uninterrupted run on a separate database: nothing lost, nothing twice (SPEC 2.1, 3.2, 4).
/// </summary>
[Trait("Category", "Slow")]
public sealed class KillTests : IDisposable
{
    private const string Day = "2026-11-22";
    private const string Week = "2026-W47";

    private const string EntryRows = """
        SELECT concat_ws('|', kode_desa, nik, peran, nama, tanggal_lahir, jenis_kelamin, no_hp, left_at IS NULL, peringatan::text) FROM roster.entry
        """;

    private const string QuarantineRows = "SELECT concat_ws('|', sumber, baris, kode_desa, nik, nama, alasan, resolved_at IS NULL) FROM roster.quarantine";

    private const string ImportRows = "SELECT concat_ws('|', sumber, jenis, kode_desa, sha256, rows_taken, rows_changed, rows_left, rows_quarantined) FROM roster.import";

    private const string EventRows = "SELECT concat_ws('|', e.kode_desa, e.nik, e.peran, v.kind) FROM roster.entry_event v JOIN roster.entry e ON e.id = v.entry_id";

    private const string StatusRows = """
        SELECT concat_ws('|', e.kode_desa, e.nik, e.peran, s.as_of, s.status, s.kpj, s.metode, s.skor, s.alasan, s.iuran_sampai)
        FROM coverage.entry_status s JOIN roster.entry e ON e.id = s.entry_id
        """;

    private const string FlagRows = """
        SELECT concat_ws('|', e.kode_desa, e.nik, e.peran, f.status, f.opened_on, f.resolved_on)
        FROM coverage.flag f JOIN roster.entry e ON e.id = f.entry_id
        """;

    private const string DailyCountRows = "SELECT concat_ws('|', as_of, kode_desa, peran, status, people) FROM coverage.daily_count";
    private const string DailyPeopleRows = "SELECT concat_ws('|', as_of, kode_desa, status, people) FROM coverage.daily_people";

    private const string RunRows = "SELECT concat_ws('|', as_of, kecamatan_code, count(*)) FROM coverage.run GROUP BY as_of, kecamatan_code";

    private readonly ReliabilityData data = ReliabilityData.Create(rosterEntries: 20_000, membershipRecords: 40_000);

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_roster_import_killed_with_its_file_merged_but_not_committed_and_run_again_ends_as_one_uninterrupted_import()
    {
        await using var killed = await TestDatabase.CreateAsync();
        await using var reference = await TestDatabase.CreateAsync();

        // Held until the kill: the import stages and merges the whole file, then waits to record its desa snapshots, uncommitted.
        await using (var gate = await WorkGate.CloseAsync(killed, "roster.desa_snapshot"))
        {
            await KillWhileAsync(["import", "roster", data.Roster], killed.Settings(), gate.WorkerWaitsAsync);
        }

        Assert.Equal(0, await DatabaseState.CountAsync(killed, "SELECT count(*) FROM roster.entry"));
        await RunOkAsync(["import", "roster", data.Roster], killed.Settings());
        await RunOkAsync(["import", "roster", data.Roster], reference.Settings());

        foreach (var query in new[] { EntryRows, QuarantineRows, ImportRows, EventRows })
        {
            Assert.Equal(await DatabaseState.RowsAsync(reference, query), await DatabaseState.RowsAsync(killed, query));
        }

        Assert.True(await DatabaseState.CountAsync(killed, "SELECT count(*) FROM roster.entry") > 15_000);
    }

    [Fact]
    public async Task A_reconciliation_and_a_digest_run_killed_half_way_and_run_again_end_as_uninterrupted_runs()
    {
        await using var killed = await TestDatabase.CreateAsync();
        await using var reference = await TestDatabase.CreateAsync();
        await using var killedSmtp = await SmtpServer.StartAsync();
        await using var referenceSmtp = await SmtpServer.StartAsync();
        foreach (var database in new[] { killed, reference })
        {
            await RunOkAsync(["import", "roster", data.Roster], database.Settings());
            await RunOkAsync(["import", "membership", data.Membership], database.Settings());
            await RunOkAsync(["digest", "recipients", "seed", "--domain", "serangkab.test"], database.Settings());
        }

        // Reconcile: killed once some kecamatan shards have committed and another is running.
        // Once three shards committed, the next one is held before it records its run, its matches, statuses and flags written.
        using (var reconcile = WorkerProcess.Start(["reconcile", "--as-of", Day], killed.Settings()))
        {
            var output = reconcile.StandardError.ReadToEndAsync();
            await Eventually.ReturnsAsync(() => DatabaseState.CountAsync(killed, "SELECT count(*) FROM coverage.run"), n => n >= 3 || reconcile.HasExited, TimeSpan.FromMinutes(4));
            await using var gate = await WorkGate.CloseAsync(killed, "coverage.run");
            await KillWhileAsync(reconcile, gate.WorkerWaitsAsync, output);
        }

        Assert.True(await DatabaseState.CountAsync(killed, "SELECT count(*) FROM coverage.run") < 29);
        Assert.Equal(0, await DatabaseState.CountAsync(killed, "SELECT count(*) FROM coverage.daily_count"));
        Assert.Equal(0, await DatabaseState.CountAsync(killed, "SELECT count(*) FROM coverage.daily_people"));
        await RunOkAsync(["reconcile", "--as-of", Day], killed.Settings());
        await RunOkAsync(["reconcile", "--as-of", Day], reference.Settings());

        foreach (var query in new[] { StatusRows, FlagRows, DailyCountRows, DailyPeopleRows, RunRows })
        {
            Assert.Equal(await DatabaseState.RowsAsync(reference, query), await DatabaseState.RowsAsync(killed, query));
        }

        var killedExport = Path.Combine(data.Folder("export-killed"), "coverage.csv");
        var referenceExport = Path.Combine(data.Folder("export-reference"), "coverage.csv");
        await RunOkAsync(["export", "coverage", "--out", killedExport], killed.Settings());
        await RunOkAsync(["export", "coverage", "--out", referenceExport], reference.Settings());
        Assert.Equal(File.ReadAllBytes(referenceExport), File.ReadAllBytes(killedExport));

        // Digest: killed once some messages were delivered and others were still to go.
        var killedSettings = killed.Settings(killedSmtp.Settings());
        await KillWhileAsync(["digest", "send", "--week", Week], killedSettings, () => Task.FromResult(killedSmtp.Messages().Count >= 5));
        var deliveredBeforeKill = killedSmtp.Messages().Count;
        await RunOkAsync(["digest", "send", "--week", Week], killedSettings);
        await RunOkAsync(["digest", "send", "--week", Week], reference.Settings(referenceSmtp.Settings()));

        var recipients = await DatabaseState.RowsAsync(reference, "SELECT email FROM digest.recipient");
        var afterKill = PerRecipient(killedSmtp);
        var uninterrupted = PerRecipient(referenceSmtp);
        Assert.True(deliveredBeforeKill < recipients.Count, $"{deliveredBeforeKill} of {recipients.Count} were delivered before the kill.");
        Assert.Equal(recipients, uninterrupted.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(recipients, afterKill.Keys.Order(StringComparer.Ordinal));
        Assert.All(uninterrupted.Values, ids => Assert.Single(ids));

        // A kill between the server's acceptance and the outbox mark may send one message again, with the same Message-Id (DigestSender).
        Assert.All(afterKill, pair => Assert.Single(pair.Value.Distinct()));
        Assert.True(afterKill.Values.Sum(ids => ids.Count) <= recipients.Count + 1);
        Assert.Equal(0, await DatabaseState.CountAsync(killed, "SELECT count(*) FROM digest.outbox WHERE sent_at IS NULL"));
    }

    private static Dictionary<string, List<string>> PerRecipient(SmtpServer server) =>
        server.Messages()
            .GroupBy(m => m.To.Mailboxes.Single().Address)
            .ToDictionary(g => g.Key, g => g.Select(m => m.MessageId ?? "").ToList());

    /// <summary>Starts the command, waits until <paramref name="working"/> holds, and kills it like a power cut (SIGKILL, no clean-up).</summary>
    private static async Task KillWhileAsync(string[] arguments, IDictionary<string, string?> settings, Func<Task<bool>> working)
    {
        using var process = WorkerProcess.Start(arguments, settings);
        await KillWhileAsync(process, working, process.StandardError.ReadToEndAsync());
    }

    private static async Task KillWhileAsync(System.Diagnostics.Process process, Func<Task<bool>> working, Task<string> stderr)
    {
        _ = process.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (!await working())
        {
            Assert.False(process.HasExited, $"The command ended (exit {(process.HasExited ? process.ExitCode : 0)}) before the test saw it working: {(process.HasExited ? await stderr : "")}");
            Assert.True(DateTime.UtcNow < deadline, "The command never got to work.");
            await Task.Delay(50);
        }

        Assert.False(process.HasExited, "The command had already ended when it was to be killed.");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    private static async Task RunOkAsync(string[] arguments, IDictionary<string, string?> settings)
    {
        var run = await WorkerProcess.RunAsync(arguments, settings, TimeSpan.FromMinutes(6));
        Assert.True(run.ExitCode == 0, $"'{string.Join(' ', arguments)}' exited {run.ExitCode}: {run.Stderr}");
    }
}
