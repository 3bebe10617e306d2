using Dapper;
using Jamsostek.Tests.Infrastructure;

namespace Jamsostek.Tests.Coverage;

/// <summary>How often a day was finished: the tests that a day is finished once per run count the writes of coverage.day.</summary>
internal static class DayFinishes
{
    /// <summary>From now on every write of a day's row of coverage.day, i.e. every finish of a day (finish_day.sql), adds a row to public.finishing.</summary>
    public static async Task CountFromNowAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            CREATE TABLE public.finishing (as_of date NOT NULL);
            CREATE FUNCTION public.count_finishing() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN INSERT INTO public.finishing VALUES (NEW.as_of); RETURN NULL; END $$;
            CREATE TRIGGER count_finishing AFTER INSERT OR UPDATE ON coverage.day
                FOR EACH ROW EXECUTE FUNCTION public.count_finishing();
            """);
    }
}
