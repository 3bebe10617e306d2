-- The content key (kunci) keeps the old normalised name: the next membership file rewrites those records with theirs.
UPDATE membership.record r
SET nama_normal = n.nama_normal
FROM nama_baru n
WHERE r.id = n.id AND r.nama = n.nama;
