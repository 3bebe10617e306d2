using Npgsql;

namespace Jamsostek.Database;

/// <summary>
/// A schema a library creates with its own scripts (Hangfire's job storage), installed by <see cref="DatabaseMigrator"/>
/// while it holds the migrations' lock: servers starting together on a new database each created it and failed on one
/// another's tables (duplicate schema, serialization failures), and one of them exited.
/// </summary>
public interface ILibrarySchema
{
    void Install(NpgsqlConnection connection);
}
