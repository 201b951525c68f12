using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
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
/// A rewrite overwrites the record's buffer when it fits: a new array per write was garbage that
/// lived until the next write, so most of it was promoted, then freed in gen2 as holes (§9).
/// ETags are a version number per record and are checked exactly like the ADO.NET provider's, so a
/// stale activation still gets <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class InProcessGrainStorage(string name, InProcessStateStore store, Serializer serializer) : IGrainStorage
{
    /// <summary>A scratch buffer larger than this (a queue's long waiting list) is not kept for the next write.</summary>
    private const int KeptScratchBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (store.TryRead(new StateKey(name, stateName, grainId), payload => serializer.Deserialize<T>(payload)!, out var state, out var etag))
        {
            grainState.State = state;
            grainState.ETag = etag;
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
        // Serialized and copied into the record before anything awaits, so one scratch buffer per thread serves.
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(4096);
        scratch.ResetWrittenCount();
        serializer.Serialize(grainState.State, scratch);
        grainState.ETag = store.Write(new StateKey(name, stateName, grainId), grainState.ETag, scratch.WrittenSpan);
        grainState.RecordExists = true;
        if (scratch.Capacity > KeptScratchBytes)
        {
            t_scratch = null;
        }

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

/// <summary>
/// A record's serialized state and its version, which is its ETag. Changed only under its own
/// lock, so a reader never sees a half-copied state.
/// </summary>
internal sealed class StoredRecord
{
    private byte[] _buffer;
    private int _length;
    private long _version;

    public StoredRecord(ReadOnlySpan<byte> payload)
    {
        // Exact on the first write: many records (a phone index, a watch) are written once.
        _buffer = payload.ToArray();
        _length = payload.Length;
        _version = 1;
        ETag = "1";
    }

    public string ETag { get; private set; }

    /// <summary>Set under the lock once the record has left the store: a writer that still found it looks again.</summary>
    public bool Removed { get; set; }

    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(0, _length);

    public void Overwrite(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > _buffer.Length || payload.Length < _buffer.Length / 4)
        {
            // A record that outgrew its buffer usually grows on (a timeline, a transcript): room for a quarter more.
            _buffer = new byte[payload.Length + payload.Length / 4];
        }

        payload.CopyTo(_buffer);
        _length = payload.Length;
        _version++;
        ETag = _version.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>Turns a stored payload back into a state.</summary>
public delegate T StateReader<out T>(ReadOnlySpan<byte> payload);

/// <summary>
/// The records of every in-process storage provider of a node. One per silo; silos hosted in one
/// process (the test cluster) may share one, so that a grain moving between them finds its state.
/// </summary>
public sealed class InProcessStateStore
{
    private readonly ConcurrentDictionary<StateKey, StoredRecord> _records = new();

    public int Count => _records.Count;

    /// <summary>Bytes the records' buffers hold, headroom included.</summary>
    public long CapacityBytes => _records.Values.Sum(record => (long)record.Capacity);

    public bool TryRead<T>(StateKey key, StateReader<T> read, [MaybeNullWhen(false)] out T state, [NotNullWhen(true)] out string? etag)
    {
        if (_records.TryGetValue(key, out var record))
        {
            lock (record)
            {
                if (!record.Removed)
                {
                    state = read(record.Payload);
                    etag = record.ETag;
                    return true;
                }
            }
        }

        state = default;
        etag = null;
        return false;
    }

    /// <summary>
    /// Stores a new version if <paramref name="expectedETag"/> is the current one (null: no record
    /// yet), copying <paramref name="payload"/>; returns the new ETag.
    /// </summary>
    public string Write(StateKey key, string? expectedETag, ReadOnlySpan<byte> payload)
    {
        while (true)
        {
            if (_records.TryGetValue(key, out var current))
            {
                lock (current)
                {
                    if (!current.Removed)
                    {
                        if (current.ETag != expectedETag)
                        {
                            throw Inconsistent(key, current.ETag, expectedETag);
                        }

                        current.Overwrite(payload);
                        return current.ETag;
                    }
                }
            }
            else
            {
                if (expectedETag is not null)
                {
                    throw Inconsistent(key, null, expectedETag);
                }

                var first = new StoredRecord(payload);
                if (_records.TryAdd(key, first))
                {
                    return first.ETag;
                }
            }
        }
    }

    /// <summary>Removes the record if <paramref name="expectedETag"/> is its current version; clearing nothing is fine.</summary>
    public void Remove(StateKey key, string? expectedETag)
    {
        if (_records.TryGetValue(key, out var current))
        {
            lock (current)
            {
                if (!current.Removed)
                {
                    if (current.ETag != expectedETag)
                    {
                        throw Inconsistent(key, current.ETag, expectedETag);
                    }

                    current.Removed = true;
                    _records.TryRemove(KeyValuePair.Create(key, current));
                    return;
                }
            }
        }

        if (expectedETag is not null)
        {
            throw Inconsistent(key, null, expectedETag);
        }
    }

    private static InconsistentStateException Inconsistent(StateKey key, string? stored, string? expected) =>
        new($"{key}: the stored version is {stored ?? "none"}, the writer held {expected ?? "none"}", stored ?? string.Empty, expected ?? string.Empty);
}
