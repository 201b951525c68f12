using ContactCenter.Common;
using ContactCenter.Presence;

namespace ContactCenter.Api.Push;

/// <summary>
/// This host's single presence observer. While at least one supervisor stream here watches an
/// organisation (or one of its queues), the hub is subscribed to that organisation's presence
/// board and keeps a mirror of it; each batch from the board is applied to the mirror once and
/// marked on the streams it concerns. A stream holds only "what changed since I last wrote"
/// (the latest state per operator and queue), so a slow client gets fewer, fuller messages and
/// its memory never exceeds one organisation's size, whatever the rate of change.
/// One lock guards the mirrors and the streams' pending changes; work under it is in-memory only.
/// </summary>
public sealed class PresenceHub(IGrainFactory grains, DomainClock clock, ILogger<PresenceHub> logger) : IPresenceObserver
{
    private readonly Lock _gate = new();
    private readonly Lock _referenceGate = new();
    private readonly Dictionary<string, BoardMirror> _boards = new(StringComparer.Ordinal);
    private IPresenceObserver? _reference;

    /// <summary>Open streams, over every organisation.</summary>
    public int WatchCount
    {
        get
        {
            lock (_gate)
            {
                return _boards.Values.Sum(b => b.Watches.Count);
            }
        }
    }

    /// <summary>Boards this host is subscribed to.</summary>
    public int BoardCount
    {
        get
        {
            lock (_gate)
            {
                return _boards.Count;
            }
        }
    }

    /// <summary>
    /// Opens a stream on an organisation, or on one of its queues (<paramref name="queueId"/>). The
    /// watch starts with a snapshot of the mirror, taken under the same lock that registers it, so
    /// no change falls between the two.
    /// </summary>
    public async Task<PresenceWatch> WatchAsync(string organisationId, string? queueId, string? teamId = null)
    {
        BoardMirror board;
        bool first;
        lock (_gate)
        {
            first = !_boards.TryGetValue(organisationId, out board!);
            if (first)
            {
                _boards[organisationId] = board = new BoardMirror(organisationId);
            }

            board.Opening++;
        }

        if (first)
        {
            _ = LoadAsync(board);
        }

        try
        {
            await board.Loaded.Task;
        }
        catch
        {
            lock (_gate)
            {
                board.Opening--;
                ForgetIfUnused(board);
            }

            throw;
        }

        lock (_gate)
        {
            board.Opening--;
            var watch = new PresenceWatch(organisationId, queueId, teamId, Drain, Close);
            watch.Start(board.Snapshot(watch, clock.Now));
            board.Watches.Add(watch);
            return watch;
        }
    }

    public Task OnBoardChangedAsync(string organisationId, BoardUpdate batch)
    {
        lock (_gate)
        {
            if (!_boards.TryGetValue(organisationId, out var board))
            {
                return Task.CompletedTask;
            }

            if (!board.Loaded.Task.IsCompletedSuccessfully)
            {
                // The snapshot is on its way; it may or may not include this batch, versions decide after.
                board.Early.Add(batch);
            }
            else if (batch.Epoch != board.Epoch)
            {
                // The board was re-activated (its silo died, or it was idle): read it whole again.
                if (!board.Resyncing)
                {
                    board.Resyncing = true;
                    _ = ResyncAsync(board);
                }
            }
            else
            {
                board.Apply(batch, snapshot: false);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Renews every subscription and re-reads each board: grains forget quiet observers, a re-activated board starts with none, and a lost batch is caught up.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        BoardMirror[] boards;
        lock (_gate)
        {
            boards = [.. _boards.Values.Where(b => b.Loaded.Task.IsCompletedSuccessfully)];
        }

        foreach (var board in boards)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await Board(board.OrganisationId).SubscribeAsync(Reference());
                await ResyncAsync(board);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not renew the presence subscription of {OrganisationId}", board.OrganisationId);
            }
        }
    }

    private async Task LoadAsync(BoardMirror board)
    {
        try
        {
            // Subscribe before reading, so no change can fall between the two.
            await Board(board.OrganisationId).SubscribeAsync(Reference());
            var snapshot = await Board(board.OrganisationId).GetSnapshotAsync();
            lock (_gate)
            {
                board.Apply(snapshot, snapshot: true);
                foreach (var early in board.Early.Where(b => b.Epoch == board.Epoch))
                {
                    board.Apply(early, snapshot: false);
                }

                board.Early.Clear();
                board.Loaded.SetResult();
            }
        }
        catch (Exception ex)
        {
            board.Loaded.TrySetException(ex);
        }
    }

    private async Task ResyncAsync(BoardMirror board)
    {
        try
        {
            var snapshot = await Board(board.OrganisationId).GetSnapshotAsync();
            lock (_gate)
            {
                board.Apply(snapshot, snapshot: true);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not re-read the presence board of {OrganisationId}; the next refresh tries again", board.OrganisationId);
        }
        finally
        {
            lock (_gate)
            {
                board.Resyncing = false;
            }
        }
    }

    private PresenceView? Drain(PresenceWatch watch)
    {
        lock (_gate)
        {
            return _boards.TryGetValue(watch.OrganisationId, out var board) && board.Watches.Contains(watch)
                ? board.Changes(watch, clock.Now)
                : null;
        }
    }

    private void Close(PresenceWatch watch)
    {
        lock (_gate)
        {
            if (!_boards.TryGetValue(watch.OrganisationId, out var board) || !board.Watches.Remove(watch))
            {
                return;
            }

            ForgetIfUnused(board);
        }
    }

    /// <summary>Drops a mirror nobody watches or is opening, and unsubscribes from its board. Called under the lock.</summary>
    private void ForgetIfUnused(BoardMirror board)
    {
        if (board.Watches.Count > 0 || board.Opening > 0 || !_boards.Remove(board.OrganisationId, out var removed))
        {
            return;
        }

        if (removed != board)
        {
            _boards[board.OrganisationId] = removed;
            return;
        }

        _ = UnsubscribeAsync(board.OrganisationId);
    }

    private async Task UnsubscribeAsync(string organisationId)
    {
        try
        {
            await Board(organisationId).UnsubscribeAsync(Reference());
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Unsubscribing from the presence board of {OrganisationId} failed; the board drops it when it expires", organisationId);
        }
    }

    private IPresenceBoardGrain Board(string organisationId) => grains.Grain<IPresenceBoardGrain>(organisationId);

    private IPresenceObserver Reference()
    {
        lock (_referenceGate)
        {
            return _reference ??= grains.CreateObjectReference<IPresenceObserver>(this);
        }
    }
}
