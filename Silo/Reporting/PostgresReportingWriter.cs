using System.Threading.Channels;
using ContactCenter.Reporting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Polly;
using Polly.Retry;

namespace ContactCenter.Silo.Reporting;

/// <summary>
/// Writes reporting records to PostgreSQL in batches: a bounded buffer (callers wait when it is
/// full), binary COPY of each batch into staging tables and an upsert that keeps the highest
/// revision per interaction, Polly retries with exponential backoff. A batch that still fails is
/// logged with its interaction ids and stays at the head, to be tried again after a pause, so
/// nothing is dropped while the silo runs. On stop it drains what it holds; whatever it could not
/// write by then is logged, id by id.
/// </summary>
public sealed class PostgresReportingWriter : IReportingSink, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly Channel<Item> _buffer;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ReportOptions _options;
    private readonly ILogger<PostgresReportingWriter> _logger;
    private readonly ResiliencePipeline _retry;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Item> _batch = [];
    private Task? _loop;
    private int _batchCount;
    private volatile bool _closing;

    public PostgresReportingWriter(
        string connectionString, IOptions<ReportOptions> options, ILogger<PostgresReportingWriter> logger, TimeProvider? time = null)
    {
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        // Not reset on return to the pool, so each server session keeps the staging tables it made (below).
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true });
        _buffer = Channel.CreateBounded<Item>(new BoundedChannelOptions(_options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && !(ex is OperationCanceledException && _abort.IsCancellationRequested)),
                MaxRetryAttempts = _options.RetryAttempts,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    _logger.LogWarning(args.Outcome.Exception, "Reporting batch failed (attempt {Attempt}); retrying in {Delay}", args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Records accepted and not yet written, the batch in hand included.</summary>
    public int Pending => _buffer.Reader.Count + Volatile.Read(ref _batchCount);

    public ValueTask ReportAsync(InteractionReport report, CancellationToken cancellationToken = default) =>
        EnqueueAsync(new Item(report, null), cancellationToken);

    public ValueTask ReportStatusAsync(OperatorStatusInterval interval, CancellationToken cancellationToken = default) =>
        EnqueueAsync(new Item(null, interval), cancellationToken);

    public void Participate(ISiloLifecycle lifecycle) =>
        // Started before grains run and stopped after they are gone, so the last closes still drain.
        lifecycle.Subscribe(nameof(PostgresReportingWriter), ServiceLifecycleStage.RuntimeStorageServices, _ => Start(), StopAsync);

    public Task Start()
    {
        _loop ??= Task.Run(RunAsync);
        return Task.CompletedTask;
    }

    /// <summary>Takes no more records and writes what it holds, for at most <see cref="ReportOptions.DrainTimeout"/> or until <paramref name="cancellationToken"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Draining: no more waiting for batches to fill.
        _closing = true;
        _buffer.Writer.TryComplete();
        if (_loop is null)
        {
            LogUnwritten();
            return;
        }

        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(_options.DrainTimeout);
        try
        {
            await _loop.WaitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync();
            await _loop.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            LogUnwritten();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _abort.Dispose();
        await _dataSource.DisposeAsync();
    }

    private async ValueTask EnqueueAsync(Item item, CancellationToken cancellationToken)
    {
        try
        {
            await _buffer.Writer.WriteAsync(item, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            _logger.LogError("Reporting writer has stopped; record not written: {Record}", item.Describe());
        }
    }

    private async Task RunAsync()
    {
        var reader = _buffer.Reader;
        while (!_abort.IsCancellationRequested)
        {
            try
            {
                // Completed and empty: everything accepted has been written.
                if (_batch.Count == 0 && !await reader.WaitToReadAsync(_abort.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_batch.Count == 0 && _options.BatchLinger > TimeSpan.Zero && reader.Count < _options.BatchSize && !_closing)
            {
                try
                {
                    await Task.Delay(_options.BatchLinger, _time, _abort.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            while (_batch.Count < _options.BatchSize && reader.TryRead(out var item))
            {
                _batch.Add(item);
            }

            Volatile.Write(ref _batchCount, _batch.Count);
            try
            {
                await _retry.ExecuteAsync(WriteBatchAsync, _abort.Token);
                _batch.Clear();
                Volatile.Write(ref _batchCount, 0);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(
                    ex,
                    "Reporting batch of {Count} record(s) not written after {Attempts} attempt(s); kept, next try in {Pause}: {Records}",
                    _batch.Count, _options.RetryAttempts + 1, _options.FailedBatchPause, string.Join(", ", _batch.Select(i => i.Describe())));
                try
                {
                    await Task.Delay(_options.FailedBatchPause, _abort.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async ValueTask WriteBatchAsync(CancellationToken cancellationToken)
    {
        // The latest version of each interaction (and of each status stretch) only: an upsert cannot touch a row twice.
        var interactions = _batch.Select(i => i.Interaction).OfType<InteractionReport>()
            .GroupBy(r => r.InteractionId)
            .Select(g => g.MaxBy(r => r.Revision)!)
            .ToList();
        var statuses = _batch.Select(i => i.Status).OfType<OperatorStatusInterval>()
            .GroupBy(s => (s.OperatorId, s.From))
            .Select(g => g.Last())
            .ToList();

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Made once per server session and emptied by every commit: creating and dropping them per
        // batch cost PostgreSQL about 5 ms of catalog work a batch, more than the rows (BENCHMARKS.md §10).
        await ExecuteAsync(connection, """
            SET LOCAL client_min_messages = warning;
            CREATE TEMP TABLE IF NOT EXISTS cc_stage_interaction (LIKE cc_report_interaction INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS cc_stage_timeline (LIKE cc_report_timeline) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS cc_stage_operator_status (LIKE cc_report_operator_status) ON COMMIT DELETE ROWS;
            """, cancellationToken);

        var columns = ReportColumns.Interaction;
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY cc_stage_interaction ({ReportColumns.Names(columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var report in interactions)
            {
                await copy.StartRowAsync(cancellationToken);
                foreach (var (_, value, type) in columns)
                {
                    await ReportColumns.WriteAsync(copy, value(report), type, cancellationToken);
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY cc_stage_timeline (interaction_id, seq, at, kind, actor, detail) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var report in interactions)
            {
                for (var seq = 0; seq < report.Timeline.Count; seq++)
                {
                    var entry = report.Timeline[seq];
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(report.InteractionId, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(seq, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(entry.At.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                    await copy.WriteAsync(entry.Kind.ToString(), NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(entry.Actor, NpgsqlDbType.Text, cancellationToken);
                    await ReportColumns.WriteAsync(copy, entry.Detail, NpgsqlDbType.Text, cancellationToken);
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY cc_stage_operator_status (operator_id, organisation_id, status, reason, started_at, ended_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var status in statuses)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(status.OperatorId, NpgsqlDbType.Text, cancellationToken);
                await ReportColumns.WriteAsync(copy, status.OrganisationId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(status.Status.ToString(), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(status.Reason.ToString(), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(status.From.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(status.To.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        var names = columns.Select(c => c.Name).ToList();
        await ExecuteAsync(connection, $"""
            INSERT INTO cc_report_interaction ({ReportColumns.Names(names)})
            SELECT {ReportColumns.Names(names)} FROM cc_stage_interaction
            ON CONFLICT (interaction_id) DO UPDATE SET
                {ReportColumns.Names(names.Skip(1).Select(n => $"{n} = excluded.{n}"))}, written_at = now()
            WHERE excluded.revision >= cc_report_interaction.revision;

            INSERT INTO cc_report_timeline SELECT * FROM cc_stage_timeline
            ON CONFLICT (interaction_id, seq) DO NOTHING;

            INSERT INTO cc_report_operator_status SELECT * FROM cc_stage_operator_status
            ON CONFLICT (operator_id, started_at) DO UPDATE SET
                organisation_id = excluded.organisation_id, status = excluded.status, reason = excluded.reason, ended_at = excluded.ended_at;
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void LogUnwritten()
    {
        var left = _batch.ToList();
        while (_buffer.Reader.TryRead(out var item))
        {
            left.Add(item);
        }

        if (left.Count > 0)
        {
            _logger.LogError(
                "Reporting writer stopped with {Count} record(s) not written to PostgreSQL: {Records}",
                left.Count, string.Join(", ", left.Select(i => i.Describe())));
        }
    }

    private readonly record struct Item(InteractionReport? Interaction, OperatorStatusInterval? Status)
    {
        public string Describe() => Interaction is { } r
            ? $"interaction {r.InteractionId} r{r.Revision}"
            : $"status of {Status!.OperatorId} from {Status.From:O}";
    }
}
