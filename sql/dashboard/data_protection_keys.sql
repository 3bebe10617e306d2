-- Every key data protection has stored, the oldest first; it picks the one in force itself.
SELECT xml
FROM dashboard.data_protection_key
ORDER BY id;
