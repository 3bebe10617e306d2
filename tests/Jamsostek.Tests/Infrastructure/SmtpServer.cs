using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback: Python's aiosmtpd with its Mailbox handler, storing each accepted message in a Maildir.
/// It can be stopped and started again on the same port and folder, to test delivery across an outage.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private Process? process;

    private readonly string[] arguments;

    private SmtpServer(int port, string mailDirectory, Func<int, string, string[]> arguments)
    {
        Port = port;
        MailDirectory = mailDirectory;
        this.arguments = arguments(port, mailDirectory);
    }

    public int Port { get; }

    public string MailDirectory { get; }

    public bool IsRunning => process is { HasExited: false };

    /// <param name="refusing">Refuse (550) every recipient whose address starts with "ditolak".</param>
    public static async Task<SmtpServer> StartAsync(bool refusing = false)
    {
        var handler = refusing ? "refusing_mailbox.RefusingMailbox" : "aiosmtpd.handlers.Mailbox";
        return await StartAsync((port, folder) => ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", handler, folder]);
    }

    /// <summary>
    /// A server that takes mail only after AUTH (PLAIN or LOGIN, offered without TLS on loopback) with this user name and
    /// password, and refuses any other login with 535, its text quoting the login as Postfix's does (authenticating_mailbox.py).
    /// </summary>
    public static Task<SmtpServer> StartWithLoginAsync(string username, string password) =>
        StartAsync((port, folder) => [Path.Combine(AppContext.BaseDirectory, "Infrastructure", "authenticating_mailbox.py"), "127.0.0.1", $"{port}", folder, username, password]);

    private static async Task<SmtpServer> StartAsync(Func<int, string, string[]> arguments)
    {
        // Python's Maildir creates its cur/new/tmp folders only when the folder itself does not exist yet.
        var server = new SmtpServer(FreePort(), Path.Combine(Directory.CreateTempSubdirectory("jamsostek-smtp-").FullName, "Maildir"), arguments);
        await server.RestartAsync();
        return server;
    }

    /// <summary>The worker's settings for this server (no TLS on loopback).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Digest:Smtp:Host"] = "127.0.0.1",
        ["Digest:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Digest:Smtp:Security"] = "None",
        ["Digest:Smtp:From"] = "Jamsostek Serang <ringkasan@serangkab.test>",
        ["Digest:Smtp:Timeout"] = "00:00:10",
    };

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "Infrastructure");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited with code {process.ExitCode}: is python3-aiosmtpd installed for {Python}?");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"aiosmtpd did not listen on port {Port} within 20 seconds.");
    }

    /// <summary>Kills the server as a crash would: open connections are cut.</summary>
    public void Stop()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        process = null;
    }

    /// <summary>How many AUTH commands the server was sent so far (<see cref="StartWithLoginAsync"/> only; 0 for the others).</summary>
    public int LoginAttempts()
    {
        var logins = Path.Combine(Path.GetDirectoryName(MailDirectory)!, "logins");
        return File.Exists(logins) ? File.ReadAllLines(logins).Length : 0;
    }

    /// <summary>Every message the server accepted so far, parsed with MimeKit.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var files = new[] { "new", "cur" }
            .Select(sub => Path.Combine(MailDirectory, sub))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Order(StringComparer.Ordinal);
        return [.. files.Select(f => MimeMessage.Load(f))];
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        Directory.Delete(Path.GetDirectoryName(MailDirectory)!, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
