-- Rules 2 and 3 read roster.entry.nama_normal; the change triggers log the renamed identities.
UPDATE roster.entry e
SET nama_normal = n.nama_normal
FROM nama_baru n
WHERE e.id = n.id AND e.nama = n.nama;
