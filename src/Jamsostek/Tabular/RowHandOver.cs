using System.Threading.Channels;

namespace Jamsostek.Tabular;

/// <summary>
/// Rows read and checked on one thread, handed to the thread that writes them (a COPY) in chunks through a bounded buffer:
/// the two work side by side, and memory stays flat whatever a file's size. One hand-over per row cost a thread switch per
/// row when the reader was the slower side. One thread adds (<see cref="AddAsync"/>, then <see cref="CompleteAsync"/> or
/// <see cref="Fail"/>); one reads (<see cref="ChunksAsync"/>).
/// </summary>
internal sealed class RowHandOver<T>
{
    private readonly Channel<T[]> chunks;
    private readonly int chunkRows;
    private T[] chunk;
    private int count;

    public RowHandOver(int chunkRows, int bufferedChunks)
    {
        this.chunkRows = chunkRows;
        chunk = new T[chunkRows];
        chunks = Channel.CreateBounded<T[]>(
            new BoundedChannelOptions(bufferedChunks) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Adds a row; waits only when the buffer is full (the writer is behind).</summary>
    public ValueTask AddAsync(T row, CancellationToken cancellationToken)
    {
        chunk[count++] = row;
        return count == chunkRows ? HandOverAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Hands over the last rows and ends the rows.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (count > 0)
        {
            await chunks.Writer.WriteAsync(chunk[..count], cancellationToken);
        }

        chunks.Writer.TryComplete();
    }

    /// <summary>Ends the rows after those handed over already (a reading thread that stopped says why on its own task).</summary>
    public void Fail() => chunks.Writer.TryComplete();

    /// <summary>The rows, a chunk at a time, in the order they were added.</summary>
    public IAsyncEnumerable<T[]> ChunksAsync(CancellationToken cancellationToken) => chunks.Reader.ReadAllAsync(cancellationToken);

    private async ValueTask HandOverAsync(CancellationToken cancellationToken)
    {
        var full = chunk;
        chunk = new T[chunkRows];
        count = 0;
        await chunks.Writer.WriteAsync(full, cancellationToken);
    }
}
