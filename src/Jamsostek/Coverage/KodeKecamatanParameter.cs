using System.Data;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Jamsostek.Coverage;

/// <summary>
/// A kecamatan code sent as <c>char(6)</c>, the type of the <c>kecamatan_code</c> columns the shard's statements compare it
/// with. Sent as text (Dapper's default for a string), PostgreSQL casts the column instead and no index serves: every
/// shard read all of <c>coverage.entry_status</c> to count its kecamatan.
/// </summary>
internal sealed class KodeKecamatanParameter(string kodeKecamatan) : SqlMapper.ICustomQueryParameter
{
    public void AddParameter(IDbCommand command, string name) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Char) { Value = kodeKecamatan });
}
