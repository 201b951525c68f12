using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace ContactCenter.Silo.Persistence;

/// <summary>
/// Grain state of a node without PostgreSQL, kept in this process's memory. Orleans' own memory
/// provider sends every read and write as a grain call to a storage grain and deep-copies the
/// serialized state on the way: in the <c>inbound</c> load scenario that was a fifth of the node's
/// CPU (BENCHMARKS.md §8). Here a write serializes the state once (the Orleans binary format, as on
/// PostgreSQL, so the stored copy never aliases the grain's live object) and a read deserializes it.
/// ETags are a version number per record and are checked exactly like the ADO.NET provider's, so a
/// stale activation still gets <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class InProcessGrainStorage(string name, InProcessStateStore store, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (store.TryGet(new StateKey(name, stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.Payload);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.SerializeToArray(grainState.State);
        grainState.ETag = store.Write(new StateKey(name, stateName, grainId), grainState.ETag, payload).ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.Remove(new StateKey(name, stateName, grainId), grainState.ETag);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public static IGrainStorage Create(IServiceProvider services, string name) =>
        new InProcessGrainStorage(name, services.GetRequiredService<InProcessStateStore>(), services.GetRequiredService<Serializer>());
}

/// <summary>One stored record: the provider, the grain's state name and the grain.</summary>
public readonly record struct StateKey(string Provider, string StateName, GrainId GrainId)
{
    public override string ToString() => $"{Provider}/{StateName}/{GrainId}";
}

/// <summary>A record's serialized state and its version, which is its ETag.</summary>
public sealed record StoredState(byte[] Payload, long Version)
{
    public string ETag { get; } = Version.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The records of every in-process storage provider of a node. One per silo; silos hosted in one
/// process (the test cluster) may share one, so that a grain moving between them finds its state.
/// </summary>
public sealed class InProcessStateStore
{
    private readonly ConcurrentDictionary<StateKey, StoredState> _records = new();

    public int Count => _records.Count;

    public bool TryGet(StateKey key, out StoredState stored) => _records.TryGetValue(key, out stored!);

    /// <summary>Stores a new version if <paramref name="expectedETag"/> is the current one (null: no record yet).</summary>
    public StoredState Write(StateKey key, string? expectedETag, byte[] payload)
    {
        while (true)
        {
            if (_records.TryGetValue(key, out var current))
            {
                if (current.ETag != expectedETag)
                {
                    throw Inconsistent(key, current.ETag, expectedETag);
                }

                var next = new StoredState(payload, current.Version + 1);
                if (_records.TryUpdate(key, next, current))
                {
                    return next;
                }
            }
            else
            {
                if (expectedETag is not null)
                {
                    throw Inconsistent(key, null, expectedETag);
                }

                var first = new StoredState(payload, 1);
                if (_records.TryAdd(key, first))
                {
                    return first;
                }
            }
        }
    }

    /// <summary>Removes the record if <paramref name="expectedETag"/> is its current version; clearing nothing is fine.</summary>
    public void Remove(StateKey key, string? expectedETag)
    {
        if (!_records.TryGetValue(key, out var current))
        {
            if (expectedETag is not null)
            {
                throw Inconsistent(key, null, expectedETag);
            }

            return;
        }

        if (current.ETag != expectedETag)
        {
            throw Inconsistent(key, current.ETag, expectedETag);
        }

        if (!_records.TryRemove(KeyValuePair.Create(key, current)))
        {
            throw Inconsistent(key, "a newer version", expectedETag);
        }
    }

    private static InconsistentStateException Inconsistent(StateKey key, string? stored, string? expected) =>
        new($"{key}: the stored version is {stored ?? "none"}, the writer held {expected ?? "none"}", stored ?? string.Empty, expected ?? string.Empty);
}
