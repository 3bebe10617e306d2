-- The readiness probe's round trip: opening a pooled connection alone does not reach the server.
SELECT 1;
