using System.Data.Common;
using System.Net.Sockets;
using Jamsostek.Database;
using Jamsostek.Digest;
using Npgsql;

namespace Jamsostek.Worker.Hosting;

/// <summary>
/// The database or mail server went away: every step commits whole or not at all, so the same work run again finishes it.
/// Asked by the command line (exit 3, <see cref="CommandLine.ExitCodes.Failed"/>) and by the dashboard (a page answers 503).
/// </summary>
internal static class ServiceLost
{
    public static bool Is(Exception ex) => Cause(ex) is not null;

    /// <summary>The database alone: what the dashboard's pages need.</summary>
    public static bool IsDatabase(Exception ex) => Find(ex, e => e is DbException or SocketException or TimeoutException) is not null;

    public static string Sentence(string what, Exception ex)
    {
        var lost = Cause(ex) ?? ex;
        return $"{what} failed and can be run again once the service it lost is back: {lost.GetType().Name}: {lost.Message.TrimEnd('.')}{WhichDatabase(lost)}.";
    }

    /// <summary>
    /// The lost service's own exception, itself or one it is wrapped in (Dapper wraps a read that broke off in a DataException).
    /// A statement PostgreSQL refused for what it says (a column or table it does not have, a value it cannot take) is no
    /// lost service: the same command fails again the same way, so it is left to surface as a bug.
    /// </summary>
    private static Exception? Cause(Exception ex) =>
        Find(ex, e => (e is DbException && !IsRefusedStatement(e)) || e is SocketException or IOException or TimeoutException or DigestDeliveryException);

    // SQLSTATE classes 0A (feature not supported), 22 (data exception), 42 (syntax error or access rule violation) and XX
    // (internal error).
    private static bool IsRefusedStatement(Exception ex) =>
        ex is PostgresException { SqlState.Length: 5 } refused && refused.SqlState[..2] is "0A" or "22" or "42" or "XX";

    private static Exception? Find(Exception? ex, Func<Exception, bool> lost)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (lost(ex))
            {
                return ex;
            }
        }

        return null;
    }

    /// <summary>Npgsql says "Failed to connect to 127.0.0.1:5433": where that address came from, should it be the wrong one.</summary>
    private static string WhichDatabase(Exception ex) =>
        ex is DbException ? $" (the database of {DatabaseOptions.ConnectionStringKey})" : "";
}
