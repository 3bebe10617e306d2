SELECT id, email, name, scope_code, language, may_see_full_nik, added_at
FROM digest.recipient
WHERE removed_at IS NULL
ORDER BY char_length(scope_code), scope_code, lower(email);
