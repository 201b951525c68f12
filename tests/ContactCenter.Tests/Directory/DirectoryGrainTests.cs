using ContactCenter.Directory;
using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Directory;

[Collection(ClusterCollection.Name)]
public sealed class DirectoryGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_version_alone_is_the_snapshots_version_and_moves_with_every_change()
    {
        var directory = fixture.Grains.GetGrain<IDirectoryGrain>(IDirectoryGrain.DefaultKey);
        await TestDirectory.Create().Queue("l1").ApplyAsync(fixture.Grains);

        // Other tests change the shared directory too: versions only ever grow.
        var before = await directory.GetVersionAsync();
        Assert.InRange((await directory.GetAsync()).Version, before, long.MaxValue);

        await TestDirectory.Create().Queue("l1").Operator("new-hire").ApplyAsync(fixture.Grains);

        var after = await directory.GetVersionAsync();
        Assert.True(after > before, $"version {after} after a change, {before} before");
        Assert.InRange((await directory.GetAsync()).Version, after, long.MaxValue);
    }
}
