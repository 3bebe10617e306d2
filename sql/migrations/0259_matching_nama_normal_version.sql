-- Which rules of the name normaliser (Jamsostek.Matching.NamaNormal.Version) the stored normalised names were written
-- with (roster.entry.nama_normal, membership.record.nama_normal). A migration cannot run the C# normaliser: after the
-- scripts, the migrator recomputes the names when the version differs (NamaNormalRefresh). No row: written by a
-- normaliser older than the version number (before 6 Dec 2026), so the first migration recomputes them.
CREATE TABLE matching.nama_normal_versi (
    satu  boolean PRIMARY KEY DEFAULT true CHECK (satu),
    versi integer NOT NULL
);
