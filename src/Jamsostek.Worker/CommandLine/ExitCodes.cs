using Jamsostek.Database;
using Jamsostek.Worker.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Worker.CommandLine;

/// <summary>SPEC 5: 0 on success, 1 when input was rejected, 2 on wrong usage (arguments or configuration, a refused feed token or a database of a newer worker among them); 3 when the database, the mail server or a feed failed mid-way (run again).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InputRejected = 1;
    public const int WrongUsage = 2;

    /// <summary>Not in SPEC 5's list: a lost database or mail server is neither the input's fault nor the caller's, and a retry is the cure.</summary>
    public const int Failed = 3;

    /// <summary>
    /// A bug: none of the above (sysexits' EX_SOFTWARE). System.CommandLine's own 1 told a script that the input was
    /// rejected.
    /// </summary>
    public const int Bug = 70;

    /// <summary>Stopped by SIGINT or SIGTERM before it finished (128 + SIGINT, as a shell reports it).</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// The exit code and one sentence for what a command (<paramref name="what"/>: "The command", "Starting the service")
    /// ended with, or null for anything else, a bug, which surfaces with its stack trace and <see cref="Bug"/>.
    /// </summary>
    public static (int Code, string Sentence)? ForFailure(Exception ex, string what, bool cancelled) => ex switch
    {
        // Once the token is cancelled, whatever ends the command is the stop: the libraries do not all say it with an
        // OperationCanceledException (Npgsql reports a connection that broke while it cancelled a statement as an
        // NpgsqlException, a stream closed under a reader throws IOException or ObjectDisposedException).
        _ when cancelled => (Interrupted, Stopped(what)),
        OptionsValidationException or WrongUsageException or DatabaseOfNewerWorkerException => (WrongUsage, ex.Message),
        InputRejectedException => (InputRejected, ex.Message),
        PostgresException refused when DatabaseRefused.Is(refused) => (WrongUsage, DatabaseRefused.Sentence(refused)),
        _ when ServiceLost.Is(ex) => (Failed, ServiceLost.Sentence(what, ex)),
        _ => null,
    };

    /// <summary>The sentence of <see cref="Interrupted"/>: every step commits whole or not at all, so the same command finishes the work.</summary>
    public static string Stopped(string what) =>
        $"{what} was stopped by Ctrl+C or SIGTERM before it finished; nothing is half-written, and the same command run again finishes it.";
}
