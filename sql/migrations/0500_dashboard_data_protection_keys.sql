-- The keys that sign the dashboard's antiforgery tokens and cookies (ASP.NET Core data protection), shared by every
-- server of the regency: kept in each server's home folder, a form served by one server was refused by another behind
-- the same address, and by the same server after a restart without a writable home.
CREATE SCHEMA dashboard;

CREATE TABLE dashboard.data_protection_key (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL,
    -- The key as ASP.NET Core writes it (an XML element, with its creation, activation and expiry dates).
    xml           text NOT NULL
);
