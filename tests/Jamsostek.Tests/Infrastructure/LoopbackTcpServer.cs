using System.Net;
using System.Net.Sockets;

namespace Jamsostek.Tests.Infrastructure;

/// <summary>
/// A TCP listener on loopback for the test servers whose faults need the socket (a stalled body, a silent database): each
/// connection goes to <see cref="ServeAsync"/> until the server is disposed, which cancels <see cref="Stopping"/>.
/// </summary>
internal abstract class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private Task accepting = Task.CompletedTask;
    private int connections;

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>How many connections were accepted.</summary>
    public int Connections => Volatile.Read(ref connections);

    protected CancellationToken Stopping => stopping.Token;

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync();
        listener.Stop();
        OnStopping();
        await accepting;
        stopping.Dispose();
    }

    /// <summary>Called by the subclass's constructor once its fields are set: a connection may arrive at once.</summary>
    protected void Start()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>Serves the <paramref name="number"/>-th connection (from 1), and closes it.</summary>
    protected abstract Task ServeAsync(TcpClient client, int number);

    /// <summary>Closes what a subclass keeps open beyond <see cref="ServeAsync"/>.</summary>
    protected virtual void OnStopping()
    {
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
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client, Interlocked.Increment(ref connections));
        }
    }
}
