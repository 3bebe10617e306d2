-- Adding an address that is already a recipient updates its scope, name and NIK permission rather than duplicating it.
-- Without --name the greeting it had is kept: an admin moving a camat to another scope should not lose "Camat ..." silently.
-- Without --full-nik the permission is withdrawn: NIKs are masked unless the admin says otherwise each time (SPEC 6).
INSERT INTO digest.recipient (email, name, scope_code, may_see_full_nik, added_at)
VALUES (@Email, @Name, @Scope, @MaySeeFullNik, @Now)
ON CONFLICT (lower(email)) WHERE removed_at IS NULL
DO UPDATE SET name = coalesce(excluded.name, digest.recipient.name), scope_code = excluded.scope_code, may_see_full_nik = excluded.may_see_full_nik
RETURNING id, (xmax = 0) AS inserted;
