using Dapper;
using Jamsostek.Database;
using Jamsostek.Matching;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Matching;

/// <summary>Stored normalised names written by an older normaliser are rewritten by the next migration, once.</summary>
public sealed class NamaNormalRefreshTests
{
    [Fact]
    public async Task Names_normalised_by_an_older_normaliser_are_rewritten_by_the_next_migration_and_only_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var world = new MatchingWorld(database);
        var budi = Nik.Of("360405", new DateOnly(1980, 5, 17), female: false, serial: 1);
        var siti = Nik.Of("360405", new DateOnly(1982, 1, 2), female: true, serial: 2);
        var entry = await world.RosterAsync(budi, "Budi Santoso S.E. M.M.");
        var unchanged = await world.RosterAsync(siti, "Siti Aminah");
        await world.MemberAsync(budi, "BUDI SANTOSO S.E. M.M.");
        // What version 1 wrote for a degree run without a comma; the state of a kecamatan reconciled with it.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                UPDATE roster.entry SET nama_normal = 'BUDI SANTOSO S E MUHAMMAD MUHAMMAD' WHERE id = @entry;
                UPDATE membership.record SET nama_normal = 'BUDI SANTOSO S E MUHAMMAD MUHAMMAD';
                UPDATE matching.nama_normal_versi SET versi = 1;
                INSERT INTO coverage.shard_state (kecamatan_code, as_of, snapshot, expiring_window_days)
                VALUES ('360405', date '2026-11-01', pg_current_snapshot(), 30);
                """,
                new { entry });
        }

        using var host = database.BuildHost();
        var migrator = host.Services.GetRequiredService<DatabaseMigrator>();
        await migrator.MigrateAsync(CancellationToken.None);
        var changedAgain = await host.Services.GetRequiredService<NamaNormalRefresh>().RefreshAsync(CancellationToken.None);

        await using var check = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(
            ["BUDI SANTOSO", "SITI AMINAH"],
            await check.QueryAsync<string>("SELECT nama_normal FROM roster.entry WHERE id IN (@entry, @unchanged) ORDER BY id", new { entry, unchanged }));
        Assert.Equal("BUDI SANTOSO", await check.ExecuteScalarAsync<string>("SELECT nama_normal FROM membership.record"));
        Assert.Equal(NamaNormal.Version, await check.ExecuteScalarAsync<int>("SELECT versi FROM matching.nama_normal_versi"));
        // Every candidate kept the old name: the kecamatan's next shard recomputes in full.
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM coverage.shard_state"));
        Assert.False(changedAgain);
    }
}
