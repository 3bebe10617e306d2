using Dapper;
using Jamsostek.Tests.Infrastructure;
using Npgsql;

namespace Jamsostek.Tests.Reliability;

/// <summary>PostgreSQL going away in the middle of a job: the run fails in one sentence, commits nothing half, and the next run after the restart completes it.</summary>
[Trait("Category", "Slow")]
public sealed class PostgresRestartTests : IDisposable
{
    private readonly ReliabilityData data = ReliabilityData.Create(rosterEntries: 20_000, membershipRecords: 1_000);

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_roster_import_cut_off_by_a_database_restart_fails_cleanly_and_the_run_after_the_restart_takes_the_whole_file()
    {
        await using var cluster = await PrivatePostgres.StartAsync();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Jamsostek"] = cluster.ConnectionString };
        var migrate = await WorkerProcess.RunAsync(["migrate"], settings);
        Assert.True(migrate.ExitCode == 0, migrate.Stderr);

        // The import stages and merges the file, then waits at its desa snapshots, uncommitted, while the server goes down.
        var gate = await WorkGate.CloseAsync(cluster.ConnectionString, "roster.desa_snapshot");
        using var import = WorkerProcess.Start(["import", "roster", data.Roster], settings);
        var stdout = import.StandardOutput.ReadToEndAsync();
        var stderr = import.StandardError.ReadToEndAsync();
        await Eventually.ReturnsAsync(gate.WorkerWaitsAsync, waits => waits || import.HasExited, TimeSpan.FromMinutes(3));
        // Only an exited worker's stderr is complete: awaiting it while the worker waits at the gate would wait forever.
        if (import.HasExited)
        {
            Assert.Fail("The import ended before the restart: " + await stderr);
        }
        await cluster.StopAsync();
        await gate.DisposeAsync();
        await import.WaitForExitAsync();
        var failed = new WorkerRun(import.ExitCode, await stdout, await stderr);
        await cluster.StartAgainAsync();

        Assert.True(failed.ExitCode == 3, $"exit {failed.ExitCode}: {failed.Stderr}");
        Assert.DoesNotMatch(@"(?m)^\s+at \S+", failed.Stderr);
        Assert.Single(failed.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => !l.StartsWith("warn:", StringComparison.Ordinal) && !l.StartsWith("fail:", StringComparison.Ordinal) && !l.StartsWith("crit:", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync(cluster, "SELECT count(*) FROM roster.entry"));

        var retry = await WorkerProcess.RunAsync(["import", "roster", data.Roster], settings, TimeSpan.FromMinutes(5));
        Assert.True(retry.ExitCode == 0, retry.Stderr);
        await using var reference = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await WorkerProcess.RunAsync(["import", "roster", data.Roster], reference.Settings(), TimeSpan.FromMinutes(5))).ExitCode);
        Assert.Equal(await DatabaseState.CountAsync(reference, "SELECT count(*) FROM roster.entry"), await CountAsync(cluster, "SELECT count(*) FROM roster.entry"));
        Assert.Equal(await DatabaseState.CountAsync(reference, "SELECT count(*) FROM roster.quarantine"), await CountAsync(cluster, "SELECT count(*) FROM roster.quarantine"));
        Assert.Equal(1, await CountAsync(cluster, "SELECT count(*) FROM roster.import"));
    }

    private static async Task<long> CountAsync(PrivatePostgres cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
