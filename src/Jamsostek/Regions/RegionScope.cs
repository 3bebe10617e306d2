using Dapper;
using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Regions;

/// <summary>
/// The part of Kabupaten Serang a command is about: 3604 (the regency), a kecamatan (6 digits) or a desa (10 digits),
/// dotted or plain. Its code is a prefix of every kode_desa in it.
/// </summary>
public sealed record RegionScope
{
    public const string Regency = "3604";

    private RegionScope(string code) => Code = code;

    /// <summary>Plain digits, a prefix of every kode_desa in the scope.</summary>
    public string Code { get; }

    public static RegionScope Whole { get; } = new(Regency);

    /// <summary>The one sentence a command gives when <paramref name="text"/> is no scope of Serang's.</summary>
    public static string Refusal(string option, string? text) =>
        $"{option} '{text}' is not Kabupaten Serang (3604), one of its kecamatan (6 digits) or one of its desa (10 digits).";

    /// <summary>Whether the text has the shape of a scope; no text is the whole regency.</summary>
    public static bool TryParse(string? text, out RegionScope scope)
    {
        var code = RegionCode.Digits(text ?? Regency);
        var valid = code.All(char.IsAsciiDigit) && code.Length switch
        {
            4 => code == Regency,
            6 or 10 => code.StartsWith(Regency, StringComparison.Ordinal),
            _ => false,
        };
        scope = valid ? new RegionScope(code) : Whole;
        return valid;
    }

    /// <summary>Whether the scope is the regency, one of its kecamatan or one of its desa in the reference data.</summary>
    public async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            SqlText.Get("reference/scope_exists"), new { Scope = Code }, cancellationToken: cancellationToken));
    }
}
