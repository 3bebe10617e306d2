using Jamsostek.Tabular;

namespace Jamsostek.Tests.Tabular;

public sealed class RowHandOverTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(1000)]
    public async Task Every_row_arrives_once_in_the_order_it_was_added_across_chunk_boundaries(int rows)
    {
        // A buffer of two chunks of eight: a thousand rows make the adding thread wait for the reading one.
        var handOver = new RowHandOver<int>(chunkRows: 8, bufferedChunks: 2);
        var adding = Task.Run(async () =>
        {
            for (var i = 0; i < rows; i++)
            {
                await handOver.AddAsync(i, CancellationToken.None);
            }

            await handOver.CompleteAsync(CancellationToken.None);
        });

        var received = new List<int>();
        await foreach (var chunk in handOver.ChunksAsync(CancellationToken.None))
        {
            Assert.InRange(chunk.Length, 1, 8);
            received.AddRange(chunk);
        }

        await adding;
        Assert.Equal(Enumerable.Range(0, rows), received);
    }

    [Fact]
    public async Task A_reading_thread_that_fails_ends_the_rows_after_those_it_handed_over()
    {
        var handOver = new RowHandOver<int>(chunkRows: 4, bufferedChunks: 4);
        var adding = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 10; i++)
                {
                    await handOver.AddAsync(i, CancellationToken.None);
                }

                throw new InvalidDataException("row 11 could not be read");
            }
            catch
            {
                handOver.Fail();
                throw;
            }
        });

        var received = new List<int>();
        await foreach (var chunk in handOver.ChunksAsync(CancellationToken.None))
        {
            received.AddRange(chunk);
        }

        // The two full chunks arrive; the two rows of the unfinished chunk are never written, and the failure is the task's.
        Assert.Equal(Enumerable.Range(0, 8), received);
        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => adding);
        Assert.Equal("row 11 could not be read", failure.Message);
    }
}
