using Dapper;
using Jamsostek.Database;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Database;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_are_a_no_op_the_second_time()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        using var host = database.BuildHost();
        var migrator = host.Services.GetRequiredService<DatabaseMigrator>();

        var first = await migrator.MigrateAsync(CancellationToken.None);
        var second = await migrator.MigrateAsync(CancellationToken.None);

        Assert.True(first > 0);
        Assert.Equal(0, second);
        Assert.Equal(MigrationState.Applied, await migrator.ReadStateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Reference_data_holds_every_region_of_Kabupaten_Serang_and_Indonesia()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();

        Assert.Equal(38, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM ref.province"));
        Assert.Equal(514, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM ref.regency WHERE is_current"));
        Assert.Equal(26, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM ref.regency WHERE NOT is_current"));
        Assert.Equal(7285 + 594, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM ref.district"));
        Assert.Equal(29, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM ref.kecamatan"));
        Assert.Equal(326, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM ref.desa"));
        Assert.Equal("Margasana", await connection.ExecuteScalarAsync<string>("SELECT name FROM ref.desa WHERE code = '3604052002'"));
        Assert.Contains("Gedung Soka", await connection.ExecuteScalarAsync<string[]>("SELECT name_variants FROM ref.desa WHERE code = '3604082004'") ?? []);
        Assert.Equal(89, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM ref.pekerjaan"));
    }

    [Fact]
    public async Task Reference_files_are_not_loaded_again_when_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = database.BuildHost();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var loadedBefore = await connection.QueryAsync<DateTime>("SELECT loaded_at FROM ref.dataset ORDER BY name");

        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        Assert.Equal(loadedBefore, await connection.QueryAsync<DateTime>("SELECT loaded_at FROM ref.dataset ORDER BY name"));
    }
}
