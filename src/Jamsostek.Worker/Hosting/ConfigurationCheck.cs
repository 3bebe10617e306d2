using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Hosting;

/// <summary>Every option bound and validated before anything connects, whatever went wrong reported as one exception naming the keys.</summary>
public static class ConfigurationCheck
{
    /// <summary>
    /// Runs the start-up validation. Several sections wrong arrive as an <see cref="AggregateException"/>, and a value the
    /// binder cannot convert ("four" workers, "Tls") as an <see cref="InvalidOperationException"/> naming the key: both
    /// become the one <see cref="OptionsValidationException"/> the command line reports as wrong configuration (exit 2).
    /// </summary>
    public static void Validate(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            throw new OptionsValidationException(
                Options.DefaultName, typeof(object), [.. ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)]);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(object), [ex.Message]);
        }
    }

    /// <summary>
    /// The options of one command alone (the demo's), checked as that command starts rather than at every start: the same
    /// <see cref="OptionsValidationException"/> as <see cref="Validate(IServiceProvider)"/>, a value the binder cannot convert included.
    /// </summary>
    public static void Validate<TOptions>(IServiceProvider services)
        where TOptions : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<TOptions>>().Value;
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), [ex.Message]);
        }
    }

    /// <summary>
    /// Log levels under Logging (Logging:LogLevel:X, Logging:Console:LogLevel:X): the logging library rejects a wrong one
    /// while the host is built, with a stack trace that does not name the key, so they are read before.
    /// </summary>
    public static void ValidateLogLevels(IConfiguration configuration)
    {
        var failures = configuration.GetSection("Logging").AsEnumerable()
            .Where(kv => !string.IsNullOrEmpty(kv.Value) && IsLogLevelKey(kv.Key) && !Enum.TryParse<LogLevel>(kv.Value, ignoreCase: true, out _))
            .Select(kv => $"{kv.Key} '{kv.Value}' is not a log level (Trace, Debug, Information, Warning, Error, Critical or None).")
            .Order(StringComparer.Ordinal)
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(object), failures);
        }
    }

    private static bool IsLogLevelKey(string key)
    {
        var parts = key.Split(ConfigurationPath.KeyDelimiter);
        return parts.Length >= 2 && string.Equals(parts[^2], "LogLevel", StringComparison.OrdinalIgnoreCase);
    }
}
