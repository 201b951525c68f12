namespace ContactCenter.Directory;

/// <summary>
/// A per-silo copy of the directory, refreshed after <paramref name="maxAge"/>: every routing
/// decision reads it locally instead of calling the one directory grain.
/// </summary>
public sealed class DirectoryCache(IGrainFactory grains, TimeSpan maxAge)
{
    private DirectoryIndex? _index;
    private long _loadedAtTicks;

    public async ValueTask<DirectoryIndex> GetAsync()
    {
        var index = Volatile.Read(ref _index);
        if (index is not null && Environment.TickCount64 - Interlocked.Read(ref _loadedAtTicks) < maxAge.TotalMilliseconds)
        {
            return index;
        }

        var snapshot = await grains.Grain<IDirectoryGrain>(IDirectoryGrain.DefaultKey).GetAsync();
        index = index?.Version == snapshot.Version ? index : new DirectoryIndex(snapshot);
        Volatile.Write(ref _index, index);
        Interlocked.Exchange(ref _loadedAtTicks, Environment.TickCount64);
        return index;
    }

    /// <summary>Drops the copy, so the next read sees a change made through this silo at once.</summary>
    public void Invalidate() => Volatile.Write(ref _index, null);
}
