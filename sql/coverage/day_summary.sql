-- The one-line summary of a reconciled day: people per status, and flags opened and resolved that day.
SELECT status, sum(people)::int AS people
FROM coverage.daily_count
WHERE as_of = @AsOf
GROUP BY status;

SELECT
    count(*) FILTER (WHERE opened_on = @AsOf)::int AS opened,
    count(*) FILTER (WHERE resolved_on = @AsOf)::int AS resolved
FROM coverage.flag
WHERE opened_on = @AsOf OR resolved_on = @AsOf;
