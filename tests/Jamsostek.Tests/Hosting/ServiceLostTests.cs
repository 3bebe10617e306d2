using System.Data;
using Jamsostek.Worker.Hosting;
using Npgsql;

namespace Jamsostek.Tests.Hosting;

public sealed class ServiceLostTests
{
    [Fact]
    public void A_database_read_broken_off_inside_Dapper_is_a_lost_service_named_by_its_own_exception()
    {
        // Dapper wraps an error while it reads rows: a digest send whose database went away printed a stack trace, exit 1.
        var wrapped = new DataException("Error parsing column 3", new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")));

        Assert.True(ServiceLost.Is(wrapped));
        Assert.True(ServiceLost.IsDatabase(wrapped));
        Assert.Equal(
            "The command failed and can be run again once the service it lost is back: NpgsqlException: Exception while reading from stream (the database of ConnectionStrings:Jamsostek).",
            ServiceLost.Sentence("The command", wrapped));
    }

    [Fact]
    public void A_programming_error_is_not_a_lost_service()
    {
        Assert.False(ServiceLost.Is(new InvalidOperationException("The reader is closed", new ArgumentException("x"))));
    }
}
