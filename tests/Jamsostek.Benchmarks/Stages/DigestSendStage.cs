using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Jamsostek.Benchmarks.Stages;

/// <summary>
/// <c>digest send --week YYYY-Www</c> for every recipient (the regency, 29 kecamatan and 326 desa: 356), against a local
/// SMTP sink (python3 -m aiosmtpd) that accepts and discards. Issue 6: under 30 s.
/// </summary>
public sealed class DigestSendStage : WorkerStage, IDisposable
{
    public const int Recipients = 356;
    public const double TargetSeconds = 30;

    private Process? sink;
    private int port;

    public override string Name => "digest send (all recipients)";

    protected override string TargetText => $"< {TargetSeconds:F0} s for {Recipients} recipients";

    /// <summary>
    /// Wiring point: the digest capability's configuration keys for its SMTP server (and recipients, if they are
    /// configuration). Settings given with <c>--env</c> on the command line override these.
    /// </summary>
    public static Dictionary<string, string> SmtpEnvironment(int port) => new()
    {
        ["Digest__Smtp__Host"] = "127.0.0.1",
        ["Digest__Smtp__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override async Task<bool> PrepareAsync(BenchContext context, CancellationToken cancellationToken)
    {
        port = FreePort();
        var start = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            sink = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }

        // The sink is ready when it accepts a connection; it exits at once when aiosmtpd is not installed.
        for (var attempt = 0; attempt < 50 && sink is { HasExited: false }; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                foreach (var (key, value) in SmtpEnvironment(port))
                {
                    context.StageEnvironment[key] = value;
                }

                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        return false;
    }

    protected override IEnumerable<string> Arguments(BenchContext context) => ["digest", "send", "--week", context.Week];

    protected override Task<long> RowsAsync(BenchContext context, CancellationToken cancellationToken) => Task.FromResult((long)Recipients);

    protected override bool? Check(StageResult result, BenchContext context) => result.Seconds < TargetSeconds;

    public void Dispose()
    {
        if (sink is { HasExited: false })
        {
            sink.Kill();
        }

        sink?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
