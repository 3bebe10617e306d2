using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Jamsostek.Benchmarks.Stages;

/// <summary>
/// <c>digest send --week YYYY-Www</c> for every recipient (<c>digest recipients seed</c>: the regency, 29 kecamatan and
/// 326 desa, 356 in all) through a local SMTP sink (/usr/bin/python3 -m aiosmtpd, Sink handler). Issue 6: under 30 s.
/// Without aiosmtpd the digests go to a pickup folder instead (rendering and writing, no SMTP), and the note says so.
/// Untimed before it: 11 earlier weeks of daily counts derived from the reconciled day (digest/01_history.sql), so each
/// digest reads and draws a 12-week trend and compares with last week, as after three months of nightly runs.
/// </summary>
public sealed class DigestSendStage : WorkerStage, IDisposable
{
    public const int Recipients = 356;
    public const double TargetSeconds = 30;
    private const string Python = "/usr/bin/python3";

    private Process? sink;
    private string delivery = "";

    public override string Name => "digest send (all recipients)";

    protected override string TargetText => $"< {TargetSeconds:F0} s for {Recipients} recipients";

    protected override async Task<bool> PrepareAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var seeded = await context.RunWorkerAsync(["digest", "recipients", "seed", "--domain", "example.org"], cancellationToken);
        if (seeded.ExitCode != 0)
        {
            return false;
        }

        var history = await context.RunPsqlAsync(Path.Combine(AppContext.BaseDirectory, "digest", "01_history.sql"), new Dictionary<string, string>(), cancellationToken);
        if (history.ExitCode != 0)
        {
            return false;
        }

        var port = FreePort();
        if (await StartSinkAsync(port, cancellationToken))
        {
            context.StageEnvironment["Digest__Smtp__Host"] = "127.0.0.1";
            context.StageEnvironment["Digest__Smtp__Port"] = port.ToString(CultureInfo.InvariantCulture);
            context.StageEnvironment["Digest__Smtp__Security"] = "None";
            context.StageEnvironment["Digest__Smtp__From"] = "Jamsostek Serang <ringkasan@serangkab.test>";
            delivery = "SMTP to a local aiosmtpd sink";
        }
        else
        {
            context.StageEnvironment["Digest__PickupPath"] = Path.Combine(context.Settings.WorkFolder, "digest-pickup");
            delivery = "pickup folder (aiosmtpd not installed for /usr/bin/python3)";
        }

        return true;
    }

    protected override IEnumerable<string> Arguments(BenchContext context) => ["digest", "send", "--week", context.Week];

    protected override Task<long> RowsAsync(BenchContext context, CancellationToken cancellationToken) => Task.FromResult((long)Recipients);

    protected override bool? Check(StageResult result, BenchContext context) => result.Seconds < TargetSeconds;

    protected override string Describe(ChildRun run) => $"{base.Describe(run)} ({delivery}; 11 earlier weeks of counts derived from the reconciled day)";

    public void Dispose()
    {
        if (sink is { HasExited: false })
        {
            sink.Kill();
        }

        sink?.Dispose();
    }

    private async Task<bool> StartSinkAsync(int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink" })
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

        // Ready when it accepts a connection; it exits at once when aiosmtpd is not installed.
        for (var attempt = 0; attempt < 100 && sink is { HasExited: false }; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
