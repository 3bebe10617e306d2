SELECT sha256 FROM ref.dataset WHERE name = @name;
