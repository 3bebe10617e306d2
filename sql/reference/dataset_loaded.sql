INSERT INTO ref.dataset (name, sha256, loaded_at) VALUES (@name, @sha256, now())
ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, loaded_at = excluded.loaded_at;
