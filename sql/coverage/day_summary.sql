-- The one-line summary of a reconciled day: people per status (a NIK once per desa), and flags opened and resolved that day.
SELECT status, sum(people)::int AS people
FROM coverage.daily_people
WHERE as_of = @AsOf
GROUP BY status;

SELECT
    count(*) FILTER (WHERE opened_on = @AsOf)::int AS opened,
    count(*) FILTER (WHERE resolved_on = @AsOf)::int AS resolved
FROM coverage.flag
WHERE opened_on = @AsOf OR resolved_on = @AsOf;
