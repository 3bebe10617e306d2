-- Every register record's name and stored normalised name, streamed for NamaNormalRefresh.
SELECT id, nama, nama_normal FROM membership.record;
