using Jamsostek.Worker.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jamsostek.Worker.CommandLine;

/// <summary>SPEC 5: 0 on success, 1 when input was rejected, 2 on wrong usage (arguments or configuration, a refused feed token among them); 3 when the database, the mail server or a feed failed mid-way (run again).</summary>
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
        OptionsValidationException or WrongUsageException => (WrongUsage, ex.Message),
        InputRejectedException => (InputRejected, ex.Message),
        PostgresException refused when DatabaseRefused.Is(refused) => (WrongUsage, DatabaseRefused.Sentence(refused)),
        _ when !cancelled && ServiceLost.Is(ex) => (Failed, ServiceLost.Sentence(what, ex)),
        _ => null,
    };
}
