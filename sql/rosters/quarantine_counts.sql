SELECT alasan, count(*)::integer AS rows FROM roster_stage WHERE alasan IS NOT NULL GROUP BY alasan ORDER BY count(*) DESC, alasan;
