using Dapper;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Matching;

public sealed class NamaNormalDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

/// <summary>
/// The one name normaliser (SQL function matching.nama_normal, shared by the register's stored column and the roster's
/// index): each variant of SPEC 3.3 comes out as the same name, and different names stay different.
/// </summary>
public sealed class NamaNormalTests(NamaNormalDatabase fixture) : IClassFixture<NamaNormalDatabase>
{
    [Theory]
    // Case, spacing, punctuation.
    [InlineData("  siti   aminah ", "SITI AMINAH")]
    [InlineData("Ma'ruf Amin", "MARUF AMIN")]
    [InlineData("Abdul-Rahman", "ABDUL RAHMAN")]
    [InlineData("DRS.H.AHMAD FAUZI", "AHMAD FAUZI")]
    // Titles and honorifics in front.
    [InlineData("H. Ahmad Fauzi", "AHMAD FAUZI")]
    [InlineData("Hj. Siti Aminah", "SITI AMINAH")]
    [InlineData("Drs. H. Ahmad Fauzi", "AHMAD FAUZI")]
    [InlineData("Ir. Budi Santoso", "BUDI SANTOSO")]
    [InlineData("Bapak Sutisna", "SUTISNA")]
    [InlineData("Ibu Aminah", "AMINAH")]
    [InlineData("KH. Hasan Basri", "HASAN BASRI")]
    // Degrees after the name.
    [InlineData("Budi Santoso, S.Pd., M.Si.", "BUDI SANTOSO")]
    [InlineData("Ahmad Fauzi S.Ag", "AHMAD FAUZI")]
    [InlineData("Ahmad Fauzi S.Pd.", "AHMAD FAUZI")]
    [InlineData("Ahmad Fauzi SPD", "AHMAD FAUZI")]
    // Muhammad and its abbreviations.
    [InlineData("Muhamad Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Mohammad Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Moh. Rizki", "MUHAMMAD RIZKI")]
    [InlineData("M. Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Muh. Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Mhd Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Moehammad Rizki", "MUHAMMAD RIZKI")]
    // Siti, Abdul.
    [InlineData("St. Aminah", "SITI AMINAH")]
    [InlineData("Abd. Rahman", "ABDUL RAHMAN")]
    // Spellings from before 1972.
    [InlineData("Soekarno", "SUKARNO")]
    [InlineData("Djoko Widodo", "JOKO WIDODO")]
    [InlineData("Tjahjo Koemolo", "CAHJO KUMOLO")]
    [InlineData("Soenjoto", "SUNYOTO")]
    [InlineData("Sjamsul Bahri", "SYAMSUL BAHRI")]
    // The father's name after bin/binti.
    [InlineData("Ahmad bin Salim", "AHMAD")]
    [InlineData("Aminah Binti Sulaiman", "AMINAH")]
    public async Task Each_variant_normalises_to_the_plain_name(string nama, string expected)
    {
        Assert.Equal(expected, await NormalAsync(nama));
    }

    [Theory]
    [InlineData("Siti Aminah", "Siti Aminah Sari")]
    [InlineData("Ahmad", "Ahmad Fauzi")]
    [InlineData("Ahmad Fauzi", "Ahmad Fauzan")]
    [InlineData("Hasan", "Husin")]
    public async Task Different_names_stay_different(string one, string other)
    {
        Assert.NotEqual(await NormalAsync(one), await NormalAsync(other));
    }

    [Fact]
    public async Task A_name_that_is_only_an_honorific_keeps_it_rather_than_becoming_empty()
    {
        Assert.Equal("IBU", await NormalAsync("Ibu"));
    }

    private async Task<string?> NormalAsync(string nama)
    {
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT matching.nama_normal(@Nama)", new { Nama = nama });
    }
}
