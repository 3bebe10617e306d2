-- Phones typed '0812... (so that Excel keeps the leading zero) or written ="0812..." were stored as written until the
-- roster importer learnt to read them without that mark (RosterRowValidator, Nik.WithoutTextPrefix). Stored as it reads
-- them now, so that the next import of an unchanged file does not record each such person as changed.
WITH written AS (
    SELECT id, btrim(no_hp, E' \t\r\n\uFEFF') AS cell
    FROM roster.entry
    WHERE no_hp ~ E'^[\\s\uFEFF]*([''’‘`]|=")'
)
UPDATE roster.entry e
SET no_hp = nullif(
        CASE WHEN w.cell LIKE '="%"' AND length(w.cell) > 3 THEN btrim(substr(w.cell, 3, length(w.cell) - 3), E' \t')
             ELSE ltrim(ltrim(w.cell, '''’‘`'), E' \t')
        END, '')
FROM written w
WHERE e.id = w.id;
