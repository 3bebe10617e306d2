-- The scripts DbUp's journal records as applied (DatabaseMigrator journals to this table): compared with this build's
-- own, it says whether migrations are pending or a newer worker applied scripts this one does not know.
SELECT scriptname FROM public.schema_migrations;
