using System.Text.Json;
using System.Text.Json.Serialization;
using ContactCenter.Directory;

namespace ContactCenter.Silo.Hosting;

/// <summary>Reads a directory from the JSON seed format (see seed/demo-directory.json).</summary>
public static class DirectorySeed
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record SeedFile(
        string? HostOrganisationId,
        List<Organisation>? Organisations,
        List<Region>? Regions,
        List<Topic>? Topics,
        List<QueueDefinition>? Queues,
        List<OperatorProfile>? Operators);

    public static DirectorySnapshot Parse(string json)
    {
        var seed = JsonSerializer.Deserialize<SeedFile>(json, Json)
            ?? throw new InvalidDataException("the directory seed file is empty");
        return new DirectorySnapshot(
            0,
            seed.Organisations ?? [],
            seed.Regions ?? [],
            seed.Topics ?? [],
            seed.Queues ?? [],
            seed.Operators ?? [],
            seed.HostOrganisationId);
    }

    public static async Task<DirectorySnapshot> LoadAsync(string path, CancellationToken cancellationToken) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken));
}
