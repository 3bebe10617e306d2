using System.Xml.Linq;
using Dapper;
using Jamsostek.Database;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Jamsostek.Worker.Dashboard;

/// <summary>
/// The dashboard's data protection keys in PostgreSQL (migration 0500), so that every server of the regency, and the
/// same server after a restart, accepts the antiforgery token of a dashboard page another served.
/// </summary>
internal sealed class DataProtectionKeyStore(NpgsqlDataSource dataSource) : IXmlRepository
{
    // Synchronous: data protection asks for its keys through this interface only.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        return [.. connection.Query<string>(SqlText.Get("dashboard/data_protection_keys")).Select(xml => XElement.Parse(xml))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute(
            SqlText.Get("dashboard/data_protection_key_store"),
            new { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
