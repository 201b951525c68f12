using ContactCenter.Directory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Silo.Hosting;

/// <summary>At silo start, fills an empty directory from the seed file; a directory with content is left alone.</summary>
public sealed class DirectorySeeder(
    IGrainFactory grains,
    IOptions<DirectoryOptions> options,
    ILogger<DirectorySeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.SeedFile;
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var fullPath = Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
        var snapshot = await DirectorySeed.LoadAsync(fullPath, cancellationToken);
        var seeded = await grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).SeedIfEmptyAsync(snapshot);
        if (seeded)
        {
            logger.LogInformation(
                "Directory seeded from {SeedFile}: {Organisations} organisations, {Regions} regions, {Queues} queues, {Operators} operators",
                fullPath, snapshot.Organisations.Count, snapshot.Regions.Count, snapshot.Queues.Count, snapshot.Operators.Count);
        }
    }
}

public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    /// <summary>JSON seed loaded into an empty directory at start-up; empty to start with no directory.</summary>
    public string? SeedFile { get; set; } = "seed/demo-directory.json";

    /// <summary>How long a silo routes by its local copy before asking the directory again.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(5);
}
