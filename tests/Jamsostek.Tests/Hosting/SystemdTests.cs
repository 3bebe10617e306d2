using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Hosting;

/// <summary>
/// serve under systemd (deploy/jamsostek-worker.service, Type=notify): the service manager learns that the worker is up,
/// and that it is stopping, through the datagram socket it names in NOTIFY_SOCKET.
/// </summary>
[Collection(HangfireHostCollection.Name)]
public sealed class SystemdTests
{
    [Fact]
    public async Task Under_systemd_serve_says_ready_once_it_listens_and_stopping_when_systemd_stops_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("jamsostek-systemd-");
        try
        {
            // The worker asks whether its parent process is named systemd; a copy of the shell under that name is.
            var systemd = Path.Combine(folder.FullName, "systemd");
            File.Copy("/bin/sh", systemd);
            var socketPath = Path.Combine(folder.FullName, "notify");
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(socketPath));
            var settings = database.Settings(WorkerProcess.ServeSettings());
            settings["NOTIFY_SOCKET"] = socketPath;

            using var serve = WorkerProcess.Start(["serve"], settings, parent: systemd);
            var stderr = serve.StandardError.ReadToEndAsync();
            try
            {
                var workerId = int.Parse(await serve.StandardOutput.ReadLineAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
                var ready = await ReceiveAsync(notify);
                Assert.True(ready == "READY=1", $"systemd was told '{ready}' (serve: {(serve.HasExited ? await stderr : "running")})");

                using (var term = Process.Start("kill", ["-TERM", workerId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync();
                }

                Assert.Equal("STOPPING=1", await ReceiveAsync(notify));
                using var stopped = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await serve.WaitForExitAsync(stopped.Token);
                Assert.Equal(0, serve.ExitCode);
            }
            finally
            {
                if (!serve.HasExited)
                {
                    serve.Kill(entireProcessTree: true);
                    await serve.WaitForExitAsync();
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> ReceiveAsync(Socket notify)
    {
        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var length = await notify.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
