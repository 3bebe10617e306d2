namespace Jamsostek.Worker.CommandLine;

/// <summary>What the caller asked for cannot be done as asked (exit 2, SPEC 5): the message is the one sentence on stderr.</summary>
internal sealed class WrongUsageException(string message, Exception? inner = null) : Exception(message, inner);
