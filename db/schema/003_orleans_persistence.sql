-- 003: grain state for Microsoft.Orleans.Persistence.AdoNet (invariant "Npgsql").
--
-- Identity of a state record, as the provider passes it:
--   @ServiceId, @GrainTypeString (in Orleans 7+ this is the *state name* given to
--   [PersistentState("...")], hence one distinct state name per grain class),
--   @GrainIdN0/@GrainIdN1 (the two 64-bit halves of a Guid or the integer key, else 0),
--   @GrainIdExtensionString (key extension or the whole string key; NULL when none),
--   plus two int hashes (@GrainIdHash, @GrainTypeHash) that only serve as index keys.
-- Concurrency: optimistic on an integer version that is the grain's ETag. The provider
-- sends the version it last saw (@GrainStateVersion, NULL for "I think there is no record")
-- and treats any answer other than a fresh version as a conflict.
-- The provider is not told its own name, so storage providers sharing this table are
-- separated by state name only.

CREATE TABLE IF NOT EXISTS cc_grain_state
(
    service_id      varchar(150) NOT NULL,
    grain_type_hash integer      NOT NULL,
    grain_type      text         NOT NULL,
    grain_id_hash   integer      NOT NULL,
    grain_id_n0     bigint       NOT NULL,
    grain_id_n1     bigint       NOT NULL,
    grain_id_ext    text,
    payload         bytea,                  -- NULL after ClearState (the row and version stay)
    version         integer      NOT NULL,
    updated_at      timestamptz  NOT NULL DEFAULT now()
);

-- One record per grain and state name. NULLS NOT DISTINCT (PostgreSQL 15+) makes a NULL key
-- extension collide with another NULL, so two racing first writes cannot both insert.
-- The hashes lead the index because they are the most selective cheap columns.
CREATE UNIQUE INDEX IF NOT EXISTS ux_cc_grain_state_key
    ON cc_grain_state (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1,
                       grain_type, grain_id_ext) NULLS NOT DISTINCT;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- At most one row: PayloadBinary (NULL when cleared) and Version (the ETag). No row means
-- "never written".
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary",
       version AS "Version"
  FROM cc_grain_state
 WHERE grain_id_hash = @GrainIdHash
   AND grain_type_hash = @GrainTypeHash
   AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_type = @GrainTypeString
   AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- Exactly one row, column NewGrainStateVersion: the new version, or NULL on a conflict.
-- With a version: update only if the stored version still matches, and increment it.
-- Without one: insert version 1; an existing record is a conflict (ON CONFLICT DO NOTHING).
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE cc_grain_state
       SET payload = @PayloadBinary,
           version = version + 1,
           updated_at = now()
     WHERE @GrainStateVersion IS NOT NULL
       AND grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_type = @GrainTypeString
       AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version),
inserted AS (
    INSERT INTO cc_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash,
                                grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash,
           @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT (SELECT version FROM updated
        UNION ALL
        SELECT version FROM inserted) AS "NewGrainStateVersion"
$q$),

-- ClearState keeps the row (so the version keeps growing and stale writers still fail) and
-- drops the payload. One row: the new version, or NULL on a conflict.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE cc_grain_state
       SET payload = NULL,
           version = version + 1,
           updated_at = now()
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_type = @GrainTypeString
       AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"
$q$),

-- Optional key, used only with AdoNetGrainStorageOptions.DeleteStateOnClear = true: removes
-- the row. One row: a non-NULL marker (old version + 1) on success, NULL on a conflict.
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM cc_grain_state
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_type = @GrainTypeString
       AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version)
SELECT (SELECT version + 1 FROM deleted) AS "DeletedVersion"
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
