-- The snapshot days a week's digest compares: the latest day reconciled within the week and within the week before.
SELECT
    (SELECT max(c.as_of) FROM coverage.daily_count c WHERE c.as_of BETWEEN @WeekStart::date AND @WeekEnd::date) AS this_week,
    (SELECT max(c.as_of) FROM coverage.daily_count c WHERE c.as_of BETWEEN @WeekStart::date - 7 AND @WeekStart::date - 1) AS last_week;
