using Microsoft.Extensions.Options;

namespace Jamsostek.Database;

public sealed class DatabaseOptions
{
    public const string ConnectionStringKey = "ConnectionStrings:Jamsostek";

    public string ConnectionString { get; set; } = "";
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ConnectionStringKey} is not set: give the PostgreSQL connection string (environment ConnectionStrings__Jamsostek).");
        }

        Npgsql.NpgsqlConnectionStringBuilder connection;
        try
        {
            connection = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.ConnectionStringKey} is not a valid PostgreSQL connection string.");
        }

        // PostgreSQL's details quote the row ("Key (nik)=(...)", "Failing row contains (...)"): with them, NIKs and names would
        // reach exception messages, logs and the dashboard's failed jobs (SPEC 6).
        return connection.IncludeErrorDetail
            ? ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ConnectionStringKey} sets Include Error Detail, which puts the database rows' values (NIKs, names) into error messages and logs: remove it.")
            : ValidateOptionsResult.Success;
    }
}
