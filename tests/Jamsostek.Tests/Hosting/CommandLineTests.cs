using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Migrate_succeeds_twice_and_the_second_run_applies_nothing()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();

        var first = await WorkerProcess.RunAsync(["migrate"], database.Settings());
        var second = await WorkerProcess.RunAsync(["migrate"], database.Settings());

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("nothing to apply", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_connection_string_stops_with_one_sentence_naming_the_key_and_exit_code_2()
    {
        var run = await WorkerProcess.RunAsync(["migrate"], new Dictionary<string, string?>());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ConnectionStrings:Jamsostek", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_unknown_command_is_wrong_usage()
    {
        var run = await WorkerProcess.RunAsync(["frobnicate", "--now"], new Dictionary<string, string?>());

        Assert.Equal(2, run.ExitCode);
    }
}
