-- Every roster entry's name and stored normalised name, streamed for NamaNormalRefresh.
SELECT id, nama, nama_normal FROM roster.entry;
