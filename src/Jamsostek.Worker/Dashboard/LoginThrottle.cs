using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Jamsostek.Worker.Dashboard;

/// <summary>
/// Failed dashboard logins counted per client address: once an address has failed <see cref="DashboardOptions.FailedLoginLimit"/>
/// times within <see cref="DashboardOptions.FailedLoginWindow"/> (counted from its first failure), every login from it is
/// refused until that window ends, the right password too: were it let through, the refusal would tell a guesser which
/// passwords are wrong. Successful logins neither count nor reset anything. One count per process: several servers behind
/// one address each allow the limit.
/// </summary>
public sealed class LoginThrottle(IOptionsMonitor<DashboardOptions> options, TimeProvider time)
{
    // Bounded: an attacker with many addresses cannot grow it without end. Past the bound, new addresses share one count,
    // so spreading guesses over more addresses than that locks them all out together rather than freeing them.
    internal const int MaxTracked = 10_000;
    private const string Overflow = "overflow";
    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.Ordinal);

    /// <summary>How long the address must wait before it may try again, or null when it may try now.</summary>
    public TimeSpan? LockedOutFor(IPAddress? address)
    {
        if (!failures.TryGetValue(KeyOf(address), out var entry)
            && !(failures.Count >= MaxTracked && failures.TryGetValue(Overflow, out entry)))
        {
            return null;
        }

        var settings = options.CurrentValue;
        var left = entry.Since + settings.FailedLoginWindow - time.GetUtcNow();
        return entry.Count >= settings.FailedLoginLimit && left > TimeSpan.Zero
            ? TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds))
            : null;
    }

    /// <summary>Counts a failed login; true when it was the one that reached the limit (the address is now locked out).</summary>
    public bool Failed(IPAddress? address)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        var key = KeyOf(address);
        if (!failures.ContainsKey(key) && failures.Count >= MaxTracked)
        {
            foreach (var (stale, entry) in failures)
            {
                if (entry.Since + settings.FailedLoginWindow <= now)
                {
                    failures.TryRemove(stale, out _);
                }
            }

            if (failures.Count >= MaxTracked)
            {
                key = Overflow;
            }
        }

        var updated = failures.AddOrUpdate(
            key,
            _ => new Failures(now, 1),
            (_, entry) => entry.Since + settings.FailedLoginWindow <= now ? new Failures(now, 1) : entry with { Count = entry.Count + 1 });
        return updated.Count == settings.FailedLoginLimit;
    }

    /// <summary>
    /// The address as counted: an IPv6 client is given a /64 of its own, so it could otherwise try from a new address each
    /// time; an IPv4 address mapped into IPv6 counts as the IPv4 one.
    /// </summary>
    internal static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private sealed record Failures(DateTimeOffset Since, int Count);
}
