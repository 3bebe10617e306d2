using Hangfire.PostgreSql;
using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Worker.Hosting;

/// <summary>Hangfire's tables, created or upgraded by its own installer when the database is migrated.</summary>
public sealed class HangfireSchema : ILibrarySchema
{
    public void Install(NpgsqlConnection connection) => PostgreSqlObjectsInstaller.Install(connection, HangfireSetup.Schema);
}
