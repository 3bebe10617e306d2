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

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.ConnectionStringKey} is not a valid PostgreSQL connection string.");
        }

        return ValidateOptionsResult.Success;
    }
}
