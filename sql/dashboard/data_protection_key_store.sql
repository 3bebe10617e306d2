-- A key data protection made (a new one every 90 days, or a revocation): kept for every server.
INSERT INTO dashboard.data_protection_key (friendly_name, xml)
VALUES (@FriendlyName, @Xml);
