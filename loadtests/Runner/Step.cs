using System.Diagnostics;
using Grpc.Core;

namespace ContactCenter.LoadTests.Runner;

/// <summary>
/// A named, measured part of an iteration (NBomber's <c>Step.Run</c>). A failed step (a failure
/// response or an exception, a gRPC error recorded under its status code) ends the iteration.
/// </summary>
public static class Step
{
    public static async Task<Response<T>> Run<T>(string name, IScenarioContext context, Func<Task<Response<T>>> run)
    {
        var iteration = (ScenarioContext)context;
        var started = Stopwatch.GetTimestamp();
        Response<T> response;
        try
        {
            response = await run();
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && context.CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(context.CancellationToken);
        }
        catch (RpcException ex)
        {
            response = Response.Fail<T>(ex.StatusCode.ToString(), ex.Status.Detail);
        }
        catch (Exception ex)
        {
            response = Response.Fail<T>(ex.GetType().Name, ex.Message);
        }

        var latency = response.CustomLatency ?? Stopwatch.GetElapsedTime(started);
        iteration.Record(name, latency, response);
        if (response.IsError)
        {
            throw new StepFailedException(name, response);
        }

        return response;
    }
}

/// <summary>Ends an iteration at its failed step; the runner counts the iteration as failed.</summary>
public sealed class StepFailedException(string step, Response response)
    : Exception($"step '{step}' failed: {response.StatusCode} {response.Message}")
{
    public string StepName { get; } = step;

    public Response Response { get; } = response;
}

internal sealed class ScenarioContext(long invocationNumber, bool isWarmUp, RunStatistics statistics, CancellationToken cancellation) : IScenarioContext
{
    public long InvocationNumber { get; } = invocationNumber;

    public bool IsWarmUp { get; } = isWarmUp;

    public CancellationToken CancellationToken { get; } = cancellation;

    public void Record(string step, TimeSpan latency, Response response)
    {
        if (!IsWarmUp)
        {
            statistics.Step(step).Record(latency, response);
        }
    }
}
