using ContactCenter.Api.Protos;
using ContactCenter.Tests.Infrastructure;
using Grpc.Core;

namespace ContactCenter.Tests.Presence;

/// <summary>Reads server streams up to the event a test waits for, with a deadline.</summary>
public static class DeskStreams
{
    public static Task<DeskEvent> NextAsync(IAsyncStreamReader<DeskEvent> events, DeskEventKind kind) =>
        NextAsync(events, e => e.Kind == kind, kind.ToString());

    public static async Task<T> NextAsync<T>(IAsyncStreamReader<T> events, Func<T, bool> wanted, string what)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (await events.MoveNext(timeout.Token))
        {
            if (wanted(events.Current))
            {
                return events.Current;
            }
        }

        throw new InvalidOperationException($"the stream ended before {what}");
    }
}
