using ContactCenter.Silo.Persistence;
using ContactCenter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactCenter.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class SchemaTests(PostgresServer server)
{
    /// <summary>Every query the three ADO.NET providers read from OrleansQuery at start-up.</summary>
    public static readonly TheoryData<string> ProviderQueryKeys = new()
    {
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "GatewaysQueryKey",
        "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    };

    [Fact]
    public async Task Applying_the_schema_again_changes_nothing_and_records_every_script_once()
    {
        var again = await SchemaMigrator.ApplyAsync(server.ConnectionString, NullLogger.Instance);
        var twice = await SchemaMigrator.ApplyAsync(server.ConnectionString, NullLogger.Instance);

        Assert.Empty(again);
        Assert.Empty(twice);
        Assert.Equal(SchemaMigrator.Scripts.Count, await server.ScalarAsync<int>("SELECT count(*) FROM cc_schema_version"));
        Assert.Equal(SchemaMigrator.Scripts.Count, await server.ScalarAsync<int>(
            "SELECT count(*) FROM cc_schema_version v WHERE v.checksum = ANY(@sums)",
            ("sums", SchemaMigrator.Scripts.Select(s => s.Checksum).ToArray())));
    }

    [Fact]
    public async Task Nodes_starting_at_once_apply_the_schema_without_tripping_over_each_other()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => SchemaMigrator.ApplyAsync(server.ConnectionString, NullLogger.Instance)));

        Assert.All(results, Assert.Empty);
    }

    [Theory]
    [MemberData(nameof(ProviderQueryKeys))]
    public async Task Every_query_key_the_providers_read_is_in_OrleansQuery(string key)
    {
        var text = await server.ScalarAsync<string>("SELECT querytext FROM orleansquery WHERE querykey = @key", ("key", key));

        Assert.False(string.IsNullOrWhiteSpace(text), $"OrleansQuery has no text for {key}");
    }

    [Fact]
    public void Schema_scripts_are_numbered_without_gaps_from_one()
    {
        Assert.Equal(Enumerable.Range(1, SchemaMigrator.Scripts.Count), SchemaMigrator.Scripts.Select(s => s.Version));
    }
}
