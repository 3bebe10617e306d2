using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>Every line logged once added to a host's <see cref="ILoggerFactory"/>, with the exception logged beside it, to check what a log would show.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(Lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(exception is null ? formatter(state, exception) : $"{formatter(state, exception)}\n{exception}");
    }
}
