using Jamsostek.Database;
using Npgsql;

namespace Jamsostek.Worker.CommandLine;

/// <summary>PostgreSQL answered but has no such database or role, or refused the password: the connection string is wrong, and running again will not help (exit 2).</summary>
internal static class DatabaseRefused
{
    public static bool Is(PostgresException ex) => ex.SqlState is PostgresErrorCodes.InvalidCatalogName
        or PostgresErrorCodes.InvalidAuthorizationSpecification or PostgresErrorCodes.InvalidPassword;

    public static string Sentence(PostgresException ex) =>
        $"{DatabaseOptions.ConnectionStringKey} is refused by PostgreSQL ({ex.MessageText.TrimEnd('.')}): correct the connection string (environment ConnectionStrings__Jamsostek).";
}
