using System.CommandLine;
using Jamsostek.Regions;
using Npgsql;

namespace Jamsostek.Worker.CommandLine;

/// <summary><c>--scope CODE</c>: the regency (the default), one of its kecamatan or one of its desa, for the commands that take one.</summary>
public static class ScopeOption
{
    public static Option<string> Create() =>
        new("--scope") { Description = "3604 (the regency, default), a kecamatan (36.04.05) or a desa (36.04.05.2001), dotted or plain." };

    /// <summary>The scope given, or null after telling on stderr why it is none of Serang's (wrong usage).</summary>
    public static async Task<RegionScope?> ResolveAsync(ParseResult parseResult, Option<string> option, IServiceProvider services, CancellationToken cancellationToken)
    {
        var text = parseResult.GetValue(option);
        if (RegionScope.TryParse(text, out var scope) && await scope.ExistsAsync(services.GetRequiredService<NpgsqlDataSource>(), cancellationToken))
        {
            return scope;
        }

        await Console.Error.WriteLineAsync(RegionScope.Refusal(option.Name, text));
        return null;
    }
}
