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
}
