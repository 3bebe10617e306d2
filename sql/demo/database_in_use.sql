-- Whether the database holds rosters or a register the demo did not write. The demo drops synthetic rosters of every desa
-- and a register file into the inboxes: in the service's own database they would replace the villages' rosters and the
-- branch's register. A database the demo ran on before has the demo's digest recipients (@Domain).
SELECT (EXISTS (SELECT 1 FROM roster.entry) OR EXISTS (SELECT 1 FROM membership.record))
   AND NOT EXISTS (SELECT 1 FROM digest.recipient WHERE lower(split_part(email, '@', 2)) = @Domain);
