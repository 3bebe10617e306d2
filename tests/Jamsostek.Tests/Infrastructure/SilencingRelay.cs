using System.Net;
using System.Net.Sockets;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>
/// A TCP relay on loopback in front of a real server that can fall silent: until <see cref="Silence"/> it passes bytes
/// both ways; after it, every connection, old or new, stays open and nothing is answered, as with a host behind a
/// firewall that drops packets (a refused connection fails at once; this one only times out).
/// </summary>
public sealed class SilencingRelay : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<TcpClient> connections = [];
    private readonly string upstreamHost;
    private readonly int upstreamPort;
    private readonly Task accepting;
    private volatile bool silent;

    public SilencingRelay(string upstreamHost, int upstreamPort)
    {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Silence() => silent = true;

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync();
        listener.Stop();
        lock (connections)
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }

        await accepting;
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Track(client);
            _ = RelayAsync(client);
        }
    }

    private void Track(TcpClient client)
    {
        lock (connections)
        {
            connections.Add(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        try
        {
            if (silent)
            {
                await PumpAsync(client.GetStream(), Stream.Null);
                return;
            }

            var upstream = new TcpClient();
            Track(upstream);
            await upstream.ConnectAsync(upstreamHost, upstreamPort, stopping.Token);
            await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream()), PumpAsync(upstream.GetStream(), client.GetStream()));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            // The relay or a side closed: the other side sees its connection end.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stopping.Token)) > 0)
        {
            if (!silent)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
    }
}
