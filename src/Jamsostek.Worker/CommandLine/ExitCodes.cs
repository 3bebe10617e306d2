namespace Jamsostek.Worker.CommandLine;

/// <summary>SPEC 5: 0 on success, 1 when input was rejected, 2 on wrong usage (arguments or configuration).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InputRejected = 1;
    public const int WrongUsage = 2;
}
