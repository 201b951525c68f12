namespace ContactCenter.LoadTests.Runner;

/// <summary>
/// What a step or a whole iteration returns, as NBomber's <c>Response</c>: success, or a failure
/// with a status code (for gRPC calls, the call's <c>StatusCode</c> name). A step may report its
/// own latency when the time that matters is not the time its code ran (e.g. register → offer).
/// </summary>
public class Response
{
    protected Response(bool isError, string statusCode, string? message, TimeSpan? customLatency)
    {
        IsError = isError;
        StatusCode = statusCode;
        Message = message;
        CustomLatency = customLatency;
    }

    public bool IsError { get; }

    public string StatusCode { get; }

    public string? Message { get; }

    public TimeSpan? CustomLatency { get; }

    public static Response<object?> Ok(TimeSpan? customLatency = null) => new(null, false, "OK", null, customLatency);

    public static Response<T> Ok<T>(T payload, TimeSpan? customLatency = null) => new(payload, false, "OK", null, customLatency);

    public static Response<object?> Fail(string statusCode, string? message = null) => new(null, true, statusCode, message, null);

    public static Response<T> Fail<T>(string statusCode, string? message = null) => new(default!, true, statusCode, message, null);
}

public sealed class Response<T> : Response
{
    internal Response(T payload, bool isError, string statusCode, string? message, TimeSpan? customLatency)
        : base(isError, statusCode, message, customLatency)
    {
        Payload = payload;
    }

    public T Payload { get; }
}
