using System.Reflection;
using Hangfire;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>A job method's <see cref="AutomaticRetryAttribute"/> as written on it.</summary>
internal static class JobRetry
{
    /// <summary>
    /// Read as written, not constructed: the attribute's constructor asks Hangfire's process-wide log provider for a logger,
    /// and another test's host may have disposed the logger factory behind it.
    /// </summary>
    public static (int Attempts, IReadOnlyList<Type> ExceptOn) Of(Type job, string method)
    {
        var retry = job.GetMethod(method)!
            .GetCustomAttributesData()
            .Single(a => a.AttributeType == typeof(AutomaticRetryAttribute))
            .NamedArguments
            .ToDictionary(a => a.MemberName, a => a.TypedValue.Value);
        var exceptOn = (IReadOnlyCollection<CustomAttributeTypedArgument>)retry[nameof(AutomaticRetryAttribute.ExceptOn)]!;
        return ((int)retry[nameof(AutomaticRetryAttribute.Attempts)]!, [.. exceptOn.Select(t => (Type)t.Value!)]);
    }
}
