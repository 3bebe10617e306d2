SELECT count(*)::integer AS records, count(DISTINCT nik)::integer AS people
FROM membership_staging;
