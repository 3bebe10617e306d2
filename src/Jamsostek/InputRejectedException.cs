namespace Jamsostek;

/// <summary>
/// Input the service refuses (a file, a row, an argument). The message is one sentence naming the file, row and field,
/// and never carries personal data; the command line turns it into exit code 1.
/// </summary>
public class InputRejectedException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// The same sentence in Bahasa Indonesia, where a village operator reads it (the report beside a roster file moved
    /// aside); null where only the admin does.
    /// </summary>
    public string? Indonesian { get; init; }
}
