namespace Jamsostek.Digest;

public enum ScopeLevel
{
    Regency,
    Kecamatan,
    Desa,
}

/// <summary>What a recipient oversees: the regency (3604), a kecamatan (6 digits) or a desa (10 digits). The code prefixes kode_desa.</summary>
public sealed record DigestScope(string Code, ScopeLevel Level, string Name, string? KecamatanName)
{
    /// <summary>How the scope is named in Indonesian in the email.</summary>
    public string Label => Level switch
    {
        ScopeLevel.Regency => Name,
        ScopeLevel.Kecamatan => $"Kecamatan {Name}",
        _ => $"Desa {Name}, Kecamatan {KecamatanName}",
    };

    internal static DigestScope FromRow(ScopeRow row) => new(
        row.Code.Trim(),
        row.Level switch
        {
            "REGENCY" => ScopeLevel.Regency,
            "KECAMATAN" => ScopeLevel.Kecamatan,
            _ => ScopeLevel.Desa,
        },
        row.Name,
        row.KecamatanName);
}

internal sealed record ScopeRow(string Code, string Level, string Name, string? KecamatanName);
