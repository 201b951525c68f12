using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace ContactCenter.Silo.Persistence;

/// <summary>
/// One named Orleans storage provider over the node's <see cref="PostgresStateStore"/>: states are
/// serialized here, on the grain's turn, and the store groups the round trips of all providers.
/// Semantics are the ADO.NET provider's: the ETag is the row's version, a stale one gets
/// <see cref="InconsistentStateException"/>, and clearing keeps the row with an empty payload so
/// the version goes on growing.
/// </summary>
public sealed class PostgresGrainStorage(string name, PostgresStateStore store, IGrainStorageSerializer serializer, IActivatorProvider activators)
    : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadAsync(stateName, grainId).ConfigureAwait(false);
        grainState.State = stored.Payload is { } payload ? serializer.Deserialize<T>(new BinaryData(payload)) : activators.GetActivator<T>().Create();
        grainState.ETag = stored.ETag;
        grainState.RecordExists = stored.Found;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var etag = await store.WriteAsync(stateName, grainId, grainState.ETag, payload).ConfigureAwait(false)
            ?? throw Conflict("write", stateName, grainId, grainState.ETag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = grainState.ETag;
        if (etag is null)
        {
            // As the ADO.NET provider does: a grain that never saw its row clears whatever is stored.
            etag = (await store.ReadAsync(stateName, grainId).ConfigureAwait(false)).ETag;
            if (etag is null)
            {
                grainState.RecordExists = false;
                return;
            }
        }

        grainState.ETag = await store.ClearAsync(stateName, grainId, etag).ConfigureAwait(false)
            ?? throw Conflict("clear", stateName, grainId, etag);
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    public static IGrainStorage Create(IServiceProvider services, string name) =>
        new PostgresGrainStorage(
            name,
            services.GetRequiredService<PostgresStateStore>(),
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
            services.GetRequiredService<IActivatorProvider>());

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag) =>
        new($"{name}/{stateName}/{grainId}: the {operation} held version {etag ?? "none"}, which is no longer the stored one", string.Empty, etag ?? string.Empty);
}
