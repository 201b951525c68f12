-- 004: reminders for Microsoft.Orleans.Reminders.AdoNet (invariant "Npgsql").
--
-- A reminder is identified by (@ServiceId, @GrainId, @ReminderName); @GrainId is the
-- GrainId's string form, which Orleans parses back from the "GrainId" column.
-- @GrainHash is the grain's uniform hash (uint) sent as a *signed* int; each silo reads
-- the reminders whose hash falls into its ring range (begin exclusive, end inclusive).
-- The ETag is an integer version bumped on every upsert; deletes must present it.

CREATE TABLE IF NOT EXISTS cc_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      text         NOT NULL,
    reminder_name text         NOT NULL,
    start_time    timestamptz  NOT NULL,
    period_ms     bigint       NOT NULL,   -- Orleans reads "Period" as Int64 milliseconds
    grain_hash    integer      NOT NULL,
    version       integer      NOT NULL,
    CONSTRAINT pk_cc_reminder PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range scans by ring position (ReadRangeRows1Key/2Key) run on every silo periodically.
CREATE INDEX IF NOT EXISTS ix_cc_reminder_hash ON cc_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadReminderRowsKey', $q$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
  FROM cc_reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
$q$),

-- Chosen by Orleans when (int)begin < (int)end: the plain interval (begin, end].
('ReadRangeRows1Key', $q$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
  FROM cc_reminder
 WHERE service_id = @ServiceId
   AND grain_hash > @BeginHash
   AND grain_hash <= @EndHash
$q$),

-- Chosen otherwise: the range wraps around the end of the ring, so it is everything above
-- begin plus everything up to end (begin = end means the whole ring).
('ReadRangeRows2Key', $q$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
  FROM cc_reminder
 WHERE service_id = @ServiceId
   AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
  FROM cc_reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
   AND reminder_name = @ReminderName
$q$),

-- Insert (version 0) or overwrite (version + 1); always returns one row: the new ETag.
('UpsertReminderRowKey', $q$
INSERT INTO cc_reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = EXCLUDED.start_time,
       period_ms  = EXCLUDED.period_ms,
       grain_hash = EXCLUDED.grain_hash,
       version    = cc_reminder.version + 1
RETURNING version AS "Version"
$q$),

-- Deletes only when the ETag (@Version) still matches; one boolean row: deleted or not.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM cc_reminder
     WHERE service_id = @ServiceId
       AND grain_id = @GrainId
       AND reminder_name = @ReminderName
       AND version = @Version
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM deleted)
$q$),

-- Test/maintenance helper used by Orleans to wipe a service's reminders.
('DeleteReminderRowsKey', $q$
DELETE FROM cc_reminder
 WHERE service_id = @ServiceId
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
