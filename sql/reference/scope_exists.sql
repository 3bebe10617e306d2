-- A scope (of an export, a review list) is the regency itself, one of its kecamatan or one of its desa.
SELECT @Scope = '3604'
    OR EXISTS (SELECT 1 FROM ref.kecamatan WHERE code = @Scope)
    OR EXISTS (SELECT 1 FROM ref.desa WHERE code = @Scope);
