using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Operators;
using ContactCenter.Reporting;
using ContactCenter.Silo.Reporting;
using ContactCenter.Tests.Infrastructure;
using ContactCenter.Tests.Reporting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ContactCenter.Tests.Postgres;

/// <summary>The batched PostgreSQL writer and the SQL reports, on a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportingStoreTests(PostgresServer server)
{
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Records_reported_while_PostgreSQL_is_unreachable_are_buffered_and_all_written_when_it_returns()
    {
        var org = $"pg-{Guid.NewGuid():N}"[..16];
        await using var relay = new TcpRelay(Host, Port);
        await using var writer = Writer(Through(relay), bufferCapacity: 5, batchSize: 5);
        await writer.Start();

        // 12 records: 5 in the batch being retried, 5 in the full buffer, 2 callers held back.
        var reports = Enumerable.Range(0, 12).Select(i => Records.Answered($"{org}-{i}", Day.AddMinutes(i), org)).ToList();
        var writes = reports.Select(r => writer.ReportAsync(r).AsTask()).ToList();
        await Eventually.MatchAsync(() => Task.FromResult(writer.Pending), pending => pending == 10, "buffer full");
        await Eventually.MatchAsync(() => Task.FromResult(writes.Count(w => !w.IsCompleted)), held => held == 2, "callers held back");
        Assert.Equal(0, await CountAsync(org));

        relay.Open();

        await Task.WhenAll(writes).WaitAsync(Eventually.DefaultTimeout);
        await Eventually.MatchAsync(() => CountAsync(org), count => count == 12, "every record written");

        // The last batch is visible in the database a moment before the writer counts it done.
        await Eventually.MatchAsync(() => Task.FromResult(writer.Pending), pending => pending == 0, "nothing left pending");
        Assert.Equal(12 * reports[0].Timeline.Count, await server.ScalarAsync<long>(
            "SELECT count(*) FROM cc_report_timeline WHERE interaction_id LIKE @prefix", ("prefix", $"{org}-%")));
    }

    [Fact]
    public async Task Stopping_the_writer_drains_what_it_holds()
    {
        var org = $"pg-{Guid.NewGuid():N}"[..16];
        var writer = Writer(server.ConnectionString, bufferCapacity: 1000, batchSize: 7);
        await writer.Start();
        foreach (var i in Enumerable.Range(0, 100))
        {
            await writer.ReportAsync(Records.Answered($"{org}-{i}", Day, org));
        }

        await writer.DisposeAsync();

        Assert.Equal(100, await CountAsync(org));
    }

    [Fact]
    public async Task Records_that_arrive_one_by_one_within_the_linger_are_written_in_one_transaction()
    {
        var org = $"pg-{Guid.NewGuid():N}"[..16];
        var linger = TimeSpan.FromSeconds(5);
        var time = new TimerCountingTimeProvider();
        await using var writer = Writer(server.ConnectionString, bufferCapacity: 100, batchSize: 50, linger, time);
        await writer.Start();

        // The first record finds the writer idle; it starts lingering (the only timer it makes).
        await writer.ReportAsync(Records.Answered($"{org}-0", Day, org));
        await Eventually.MatchAsync(() => Task.FromResult(time.TimersCreated), count => count == 1, "the writer lingering");

        // The rest close one by one while it lingers: without the linger the first would have gone alone.
        foreach (var i in Enumerable.Range(1, 19))
        {
            await writer.ReportAsync(Records.Answered($"{org}-{i}", Day.AddMinutes(i), org));
        }

        Assert.Equal(0, await CountAsync(org));
        time.Advance(linger);
        await Eventually.MatchAsync(() => CountAsync(org), count => count == 20, "every record written");

        // Rows written by one transaction share its id.
        Assert.Equal(1L, await server.ScalarAsync<long>(
            "SELECT count(DISTINCT xmin::text) FROM cc_report_interaction WHERE organisation_id = @org", ("org", org)));
    }

    [Fact]
    public async Task The_latest_revision_wins_in_any_order_and_every_field_is_stored()
    {
        var org = $"pg-{Guid.NewGuid():N}"[..16];
        var id = $"{org}-x";
        await using var writer = Writer(server.ConnectionString, bufferCapacity: 100, batchSize: 1);
        await writer.Start();
        var closed = Records.Answered(id, Day, org, csat: null) with
        {
            Timeline = [new TimelineEntry(Day, TimelineKind.Registered, "gateway", "voice"), new TimelineEntry(Day, TimelineKind.Closed, "system", null)],
            Revision = 2,
        };
        var scored = closed with
        {
            Revision = 3,
            SurveyScore = 4,
            ComplaintCategory = ComplaintCategory.OperatorConduct,
            Timeline = [.. closed.Timeline, new TimelineEntry(Day.AddHours(1), TimelineKind.SurveyScored, "gateway", "4")],
        };

        await writer.ReportAsync(scored);
        await writer.ReportAsync(closed);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(3, await server.ScalarAsync<int>("SELECT revision FROM cc_report_interaction WHERE interaction_id = @id", ("id", id)));
        Assert.Equal(4, await server.ScalarAsync<int>("SELECT survey_score FROM cc_report_interaction WHERE interaction_id = @id", ("id", id)));
        Assert.Equal("OperatorConduct", await server.ScalarAsync<string>("SELECT complaint_category FROM cc_report_interaction WHERE interaction_id = @id", ("id", id)));
        Assert.Equal(300_000L, await server.ScalarAsync<long>("SELECT talk_ms FROM cc_report_interaction WHERE interaction_id = @id", ("id", id)));
        Assert.Equal("pension", await server.ScalarAsync<string>("SELECT topic_keys[1] FROM cc_report_interaction WHERE interaction_id = @id", ("id", id)));
        Assert.Equal(3L, await server.ScalarAsync<long>("SELECT count(*) FROM cc_report_timeline WHERE interaction_id = @id", ("id", id)));
    }

    [Fact]
    public async Task SQL_reports_give_the_same_numbers_as_memory_on_the_seeded_half_year()
    {
        var org = $"pg-{Guid.NewGuid():N}"[..16];
        var records = Records.HalfYear(org);
        var memory = new InMemoryReportStore();
        await using (var writer = Writer(server.ConnectionString, bufferCapacity: 2000, batchSize: 500))
        {
            await writer.Start();
            foreach (var record in records)
            {
                await writer.ReportAsync(record);
                await memory.ReportAsync(record);
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        var sql = await KpiTests.Builder(new PostgresReportStore(dataSource)).OdkcAsync(2026, 1, "Europe/Moscow", org);
        var inMemory = await KpiTests.Builder(memory).OdkcAsync(2026, 1, "Europe/Moscow", org);

        Assert.Equal(OdkcReportTests.Expected, sql.Rows.Select(r => (r.Row, r.Value!.Value)));
        Assert.Equal(inMemory.Figures with { ContactsByChannel = null! }, sql.Figures with { ContactsByChannel = null! });
    }

    [Fact]
    public async Task The_operator_day_sums_finished_work_and_clips_status_stretches_to_the_day_the_same_in_SQL_and_memory()
    {
        var org = $"pg-{Guid.NewGuid():N}"[..16];
        var op = $"{org}-op";
        var utc = TimeSpan.Zero;
        var memory = new InMemoryReportStore();
        List<OperatorStatusInterval> statuses =
        [
            // From 23:00 the evening before: only the hour after midnight counts.
            new(op, org, OperatorStatus.Available, NotReadyReason.None, new(2026, 3, 9, 23, 0, 0, utc), new(2026, 3, 10, 1, 0, 0, utc)),
            new(op, org, OperatorStatus.NotReady, NotReadyReason.Lunch, new(2026, 3, 10, 12, 0, 0, utc), new(2026, 3, 10, 12, 45, 0, utc)),
            new(op, org, OperatorStatus.NotReady, NotReadyReason.Break, new(2026, 3, 10, 15, 0, 0, utc), new(2026, 3, 10, 15, 10, 0, utc)),
        ];
        List<InteractionReport> work =
        [
            Records.Answered($"{org}-1", Day, org, talkS: 200, acwS: 40, operatorId: op),
            Records.Answered($"{org}-2", Day.AddHours(1), org, talkS: 400, acwS: 20, operatorId: op),
        ];
        await using (var writer = Writer(server.ConnectionString, bufferCapacity: 100, batchSize: 100))
        {
            await writer.Start();
            foreach (var status in statuses)
            {
                await writer.ReportStatusAsync(status);
                await memory.ReportStatusAsync(status);
            }

            foreach (var record in work)
            {
                await writer.ReportAsync(record);
                await memory.ReportAsync(record);
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        var day = new DateOnly(2026, 3, 10);
        var sql = Assert.Single((await KpiTests.Builder(new PostgresReportStore(dataSource)).OperatorDailyAsync(day, "UTC", org)).Operators);
        var inMemory = Assert.Single((await KpiTests.Builder(memory).OperatorDailyAsync(day, "UTC", org)).Operators);

        Assert.Equal((2L, TimeSpan.FromSeconds(330), TimeSpan.FromSeconds(30)), (sql.Handled, sql.AverageHandleTime, sql.AverageAfterCallWork));
        Assert.Equal(TimeSpan.FromHours(1), sql.TimeInStatus[new StatusKey(OperatorStatus.Available, NotReadyReason.None)]);
        Assert.Equal(TimeSpan.FromMinutes(45), sql.TimeInStatus[new StatusKey(OperatorStatus.NotReady, NotReadyReason.Lunch)]);
        Assert.Equal(TimeSpan.FromMinutes(10), sql.TimeInStatus[new StatusKey(OperatorStatus.NotReady, NotReadyReason.Break)]);
        Assert.Equal((inMemory.Handled, inMemory.AverageHandleTime, inMemory.AverageAfterCallWork), (sql.Handled, sql.AverageHandleTime, sql.AverageAfterCallWork));
        Assert.Equal(inMemory.TimeInStatus.OrderBy(s => s.Key.ToString()), sql.TimeInStatus.OrderBy(s => s.Key.ToString()));
    }

    [Fact]
    public async Task Closing_an_interaction_on_a_PostgreSQL_cluster_writes_its_record_and_timeline()
    {
        var dir = TestDirectory.Create().Queue("l1").Operator("op");
        await using var cluster = await PostgresCluster.StartAsync(server, silos: 1);
        var grains = cluster.Grains;
        await dir.ApplyAsync(grains);
        await grains.GetGrain<IOperatorGrain>(dir.Id("op")).SignInAsync(OperatorStatus.Available, NotReadyReason.None);
        var connected = await TestCalls.ConnectAsync(grains, dir, dir.Id("op"));
        var interaction = grains.GetGrain<IInteractionGrain>(connected.Id);
        var closed = await interaction.CompleteAsync(dir.Id("op"), new Completion(["pension"], "explained", null));

        await Eventually.MatchAsync(
            () => server.ScalarAsync<string>("SELECT outcome FROM cc_report_interaction WHERE interaction_id = @id", ("id", closed.Id)),
            outcome => outcome == "Resolved",
            "the record written");
        Assert.Equal(closed.Timeline.Count, await server.ScalarAsync<long>("SELECT count(*) FROM cc_report_timeline WHERE interaction_id = @id", ("id", closed.Id)));

        await interaction.PostSurveyScoreAsync(5);

        await Eventually.MatchAsync(
            () => server.ScalarAsync<int>("SELECT coalesce(survey_score, 0) FROM cc_report_interaction WHERE interaction_id = @id", ("id", closed.Id)),
            score => score == 5,
            "the survey score written");
    }

    private string Host => new NpgsqlConnectionStringBuilder(server.ConnectionString).Host!;

    private int Port => new NpgsqlConnectionStringBuilder(server.ConnectionString).Port;

    private string Through(TcpRelay relay) =>
        new NpgsqlConnectionStringBuilder(server.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 2 }.ConnectionString;

    private Task<long> CountAsync(string org) =>
        server.ScalarAsync<long>("SELECT count(*) FROM cc_report_interaction WHERE organisation_id = @org", ("org", org));

    private static PostgresReportingWriter Writer(
        string connectionString, int bufferCapacity, int batchSize, TimeSpan? linger = null, TimeProvider? time = null) => new(
        connectionString,
        Options.Create(new ReportOptions
        {
            BufferCapacity = bufferCapacity,
            BatchSize = batchSize,
            BatchLinger = linger ?? new ReportOptions().BatchLinger,
            RetryAttempts = 2,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            FailedBatchPause = TimeSpan.FromMilliseconds(100),
        }),
        NullLogger<PostgresReportingWriter>.Instance,
        time);

    /// <summary>Counts the timers asked for, so a test knows the writer has begun a wait before it moves time.</summary>
    private sealed class TimerCountingTimeProvider : FakeTimeProvider
    {
        private int _timersCreated;

        public int TimersCreated => Volatile.Read(ref _timersCreated);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timersCreated);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
