using Dapper;
using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Rosters;

/// <summary>The reference lists one import checks its rows against: NIK region codes, Serang's desa, OpenSID occupations.</summary>
public sealed class RosterReferenceData(NikRules nikRules, IEnumerable<string> desaCodes, IReadOnlyDictionary<int, string> pekerjaanPeran, IReadOnlyDictionary<string, int> pekerjaanByName)
{
    private readonly HashSet<long> desa = [.. desaCodes.Select(c => long.Parse(c.Trim(), System.Globalization.CultureInfo.InvariantCulture))];

    public NikRules NikRules { get; } = nikRules;

    /// <summary>OpenSID occupation ids that are target workers, and their role (SPEC 2.2).</summary>
    public IReadOnlyDictionary<int, string> PekerjaanPeran { get; } = pekerjaanPeran;

    /// <summary>Occupation names (upper case) to ids, for OpenSID exports that write the name instead of the code.</summary>
    public IReadOnlyDictionary<string, int> PekerjaanByName { get; } = pekerjaanByName;

    /// <summary>The roles a pull or an OpenSID export is a snapshot of: only the target occupations.</summary>
    public IReadOnlyList<string> OpenSidPerans => [.. PekerjaanPeran.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public bool IsDesa(long code) => desa.Contains(code);

    public static async Task<RosterReferenceData> LoadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var lists = await connection.QueryMultipleAsync(new CommandDefinition(SqlText.Get("rosters/reference_lists"), cancellationToken: cancellationToken));
        var provinces = (await lists.ReadAsync<string>()).ToList();
        var regencies = (await lists.ReadAsync<string>()).ToList();
        var kecamatan = (await lists.ReadAsync<string>()).ToList();
        var desa = (await lists.ReadAsync<string>()).ToList();
        var peran = (await lists.ReadAsync<(int PekerjaanId, string Peran)>()).ToDictionary(p => p.PekerjaanId, p => p.Peran);
        var pekerjaan = (await lists.ReadAsync<(int Id, string Nama)>())
            .GroupBy(p => p.Nama.Trim().ToUpperInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        return new RosterReferenceData(new NikRules(provinces, regencies, kecamatan), desa, peran, pekerjaan);
    }
}
