-- Exercises every OrleansQuery text with the parameters the Orleans 10.4.2 providers pass,
-- and checks the results the providers rely on. Run by db/test-queries.sh inside a
-- transaction that is rolled back, so it leaves nothing behind.
--
-- pg_temp.cc_q(key, name1, value1, name2, value2, ...) substitutes each @name with the given
-- SQL literal (cast to the type Npgsql would send) and returns the rows as jsonb. It fails if
-- the text uses a parameter that was not supplied, or ignores one that was: the name lists
-- below are therefore the provider contract.

CREATE FUNCTION pg_temp.cc_q(p_key text, VARIADIC p_args text[])
RETURNS SETOF jsonb
LANGUAGE plpgsql
AS $fn$
DECLARE
    sql  text;
    r    record;
    n    bigint;
    i    int;
BEGIN
    SELECT querytext INTO sql FROM orleansquery WHERE querykey = p_key;
    IF sql IS NULL THEN
        RAISE EXCEPTION 'query key % is missing', p_key;
    END IF;
    FOR i IN 1 .. coalesce(array_length(p_args, 1), 0) BY 2 LOOP
        IF sql !~ ('@' || p_args[i] || '\M') THEN
            RAISE EXCEPTION '% ignores parameter @%', p_key, p_args[i];
        END IF;
        sql := regexp_replace(sql, '@' || p_args[i] || '\M', p_args[i + 1], 'g');
    END LOOP;
    IF sql ~ '@[A-Za-z]' THEN
        RAISE EXCEPTION '% uses a parameter that the provider does not pass: %', p_key,
            substring(sql from '@[A-Za-z0-9]+');
    END IF;
    IF sql ~* '^\s*(UPDATE|DELETE)' AND sql !~* 'RETURNING' THEN
        EXECUTE sql;
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN NEXT jsonb_build_object('rows_affected', n);
        RETURN;
    END IF;
    FOR r IN EXECUTE sql LOOP
        RETURN NEXT to_jsonb(r);
    END LOOP;
END
$fn$;

-- Literal helpers (what Npgsql sends for the provider's .NET values).
CREATE FUNCTION pg_temp.s(v text) RETURNS text LANGUAGE sql AS $$ SELECT quote_nullable(v) || '::text' $$;
CREATE FUNCTION pg_temp.i(v bigint) RETURNS text LANGUAGE sql AS $$ SELECT coalesce(v::text, 'NULL') || '::integer' $$;
CREATE FUNCTION pg_temp.l(v bigint) RETURNS text LANGUAGE sql AS $$ SELECT coalesce(v::text, 'NULL') || '::bigint' $$;
CREATE FUNCTION pg_temp.t(v timestamptz) RETURNS text LANGUAGE sql AS $$ SELECT quote_nullable(v::text) || '::timestamptz' $$;
CREATE FUNCTION pg_temp.b(v bytea) RETURNS text LANGUAGE sql AS $$ SELECT 'decode(' || quote_literal(encode(v, 'hex')) || ', ''hex'')' $$;

-- ---------------------------------------------------------------------------------------
-- Clustering
-- ---------------------------------------------------------------------------------------
DO $test$
DECLARE
    d   constant text := 'cc-test-cluster';
    rows jsonb[];
    j   jsonb;
    t0  constant timestamptz := '2026-01-01 10:00:00+00';
BEGIN
    -- InsertMembershipVersionKey(@DeploymentId) -> one boolean column
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('InsertMembershipVersionKey', 'DeploymentId', pg_temp.s(d)) x;
    ASSERT array_length(rows, 1) = 1 AND (SELECT count(*) FROM jsonb_object_keys(rows[1])) = 1, 'version insert: one row, one column';
    ASSERT (SELECT v::boolean FROM jsonb_each_text(rows[1]) AS e(k, v)), 'version row created';
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('InsertMembershipVersionKey', 'DeploymentId', pg_temp.s(d)) x;
    ASSERT NOT (SELECT v::boolean FROM jsonb_each_text(rows[1]) AS e(k, v)), 'second version insert returns false';

    -- MembershipReadAllKey(@DeploymentId): empty cluster -> one row, Version 0, no StartTime
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('MembershipReadAllKey', 'DeploymentId', pg_temp.s(d)) x;
    ASSERT array_length(rows, 1) = 1, 'empty cluster still returns the version row';
    ASSERT (rows[1]->>'Version')::int = 0 AND rows[1]->'StartTime' = 'null'::jsonb, 'empty cluster row';
    ASSERT rows[1] ?& array['Version','Address','Port','Generation','SiloName','HostName','Status',
                            'ProxyPort','SuspectTimes','StartTime','IAmAliveTime'], 'read-all columns';

    -- InsertMembershipKey(@DeploymentId,@IAmAliveTime,@SiloName,@HostName,@Address,@Port,
    --                     @Generation,@StartTime,@Status,@ProxyPort,@Version) -> boolean
    SELECT x INTO j FROM pg_temp.cc_q('InsertMembershipKey',
        'DeploymentId', pg_temp.s(d), 'IAmAliveTime', pg_temp.t(t0), 'SiloName', pg_temp.s('silo-a'),
        'HostName', pg_temp.s('host-a'), 'Address', pg_temp.s('10.0.0.1'), 'Port', pg_temp.i(11111),
        'Generation', pg_temp.i(1), 'StartTime', pg_temp.t(t0), 'Status', pg_temp.i(1),
        'ProxyPort', pg_temp.i(30000), 'Version', pg_temp.i(0)) x;
    ASSERT (SELECT v::boolean FROM jsonb_each_text(j) AS e(k, v)), 'insert silo A with version 0';
    SELECT x INTO j FROM pg_temp.cc_q('InsertMembershipKey',
        'DeploymentId', pg_temp.s(d), 'IAmAliveTime', pg_temp.t(t0), 'SiloName', pg_temp.s('silo-b'),
        'HostName', pg_temp.s('host-b'), 'Address', pg_temp.s('10.0.0.2'), 'Port', pg_temp.i(11111),
        'Generation', pg_temp.i(1), 'StartTime', pg_temp.t(t0), 'Status', pg_temp.i(1),
        'ProxyPort', pg_temp.i(30000), 'Version', pg_temp.i(0)) x;
    ASSERT NOT (SELECT v::boolean FROM jsonb_each_text(j) AS e(k, v)), 'stale version 0 rejected';
    SELECT x INTO j FROM pg_temp.cc_q('InsertMembershipKey',
        'DeploymentId', pg_temp.s(d), 'IAmAliveTime', pg_temp.t(t0), 'SiloName', pg_temp.s('silo-a'),
        'HostName', pg_temp.s('host-a'), 'Address', pg_temp.s('10.0.0.1'), 'Port', pg_temp.i(11111),
        'Generation', pg_temp.i(1), 'StartTime', pg_temp.t(t0), 'Status', pg_temp.i(1),
        'ProxyPort', pg_temp.i(30000), 'Version', pg_temp.i(1)) x;
    ASSERT NOT (SELECT v::boolean FROM jsonb_each_text(j) AS e(k, v)), 'duplicate silo rejected';
    ASSERT (SELECT version FROM cc_membership_version WHERE deployment_id = d) = 1, 'failed inserts leave the version alone';
    SELECT x INTO j FROM pg_temp.cc_q('InsertMembershipKey',
        'DeploymentId', pg_temp.s(d), 'IAmAliveTime', pg_temp.t(t0), 'SiloName', pg_temp.s('silo-b'),
        'HostName', pg_temp.s('host-b'), 'Address', pg_temp.s('10.0.0.2'), 'Port', pg_temp.i(11111),
        'Generation', pg_temp.i(1), 'StartTime', pg_temp.t(t0), 'Status', pg_temp.i(1),
        'ProxyPort', pg_temp.i(0), 'Version', pg_temp.i(1)) x;
    ASSERT (SELECT v::boolean FROM jsonb_each_text(j) AS e(k, v)), 'insert silo B with version 1';

    -- UpdateMembershipKey(@DeploymentId,@Address,@Port,@Generation,@IAmAliveTime,@Status,
    --                     @SuspectTimes,@Version) -> boolean
    SELECT x INTO j FROM pg_temp.cc_q('UpdateMembershipKey',
        'DeploymentId', pg_temp.s(d), 'Address', pg_temp.s('10.0.0.1'), 'Port', pg_temp.i(11111),
        'Generation', pg_temp.i(1), 'IAmAliveTime', pg_temp.t(t0 + interval '5 s'), 'Status', pg_temp.i(3),
        'SuspectTimes', pg_temp.s('S10.0.0.2:11111:1,2026-01-01 10:00:01.000 GMT'), 'Version', pg_temp.i(2)) x;
    ASSERT (SELECT v::boolean FROM jsonb_each_text(j) AS e(k, v)), 'update silo A with version 2';
    SELECT x INTO j FROM pg_temp.cc_q('UpdateMembershipKey',
        'DeploymentId', pg_temp.s(d), 'Address', pg_temp.s('10.0.0.1'), 'Port', pg_temp.i(11111),
        'Generation', pg_temp.i(1), 'IAmAliveTime', pg_temp.t(t0), 'Status', pg_temp.i(6),
        'SuspectTimes', pg_temp.s(NULL), 'Version', pg_temp.i(2)) x;
    ASSERT NOT (SELECT v::boolean FROM jsonb_each_text(j) AS e(k, v)), 'update with stale version rejected';
    SELECT x INTO j FROM pg_temp.cc_q('UpdateMembershipKey',
        'DeploymentId', pg_temp.s(d), 'Address', pg_temp.s('10.9.9.9'), 'Port', pg_temp.i(1),
        'Generation', pg_temp.i(1), 'IAmAliveTime', pg_temp.t(t0), 'Status', pg_temp.i(6),
        'SuspectTimes', pg_temp.s(NULL), 'Version', pg_temp.i(3)) x;
    ASSERT NOT (SELECT v::boolean FROM jsonb_each_text(j) AS e(k, v)), 'update of unknown silo rejected';
    ASSERT (SELECT version FROM cc_membership_version WHERE deployment_id = d) = 3, 'version is 3';

    -- UpdateIAmAlivetimeKey(@DeploymentId,@Address,@Port,@Generation,@IAmAliveTime): no result, no version bump
    SELECT x INTO j FROM pg_temp.cc_q('UpdateIAmAlivetimeKey',
        'DeploymentId', pg_temp.s(d), 'Address', pg_temp.s('10.0.0.1'), 'Port', pg_temp.i(11111),
        'Generation', pg_temp.i(1), 'IAmAliveTime', pg_temp.t(t0 + interval '1 min')) x;
    ASSERT (j->>'rows_affected')::int = 1, 'heartbeat updated one row';
    ASSERT (SELECT version FROM cc_membership_version WHERE deployment_id = d) = 3, 'heartbeat keeps the version';

    -- MembershipReadRowKey(@DeploymentId,@Address,@Port,@Generation)
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('MembershipReadRowKey',
        'DeploymentId', pg_temp.s(d), 'Address', pg_temp.s('10.0.0.1'), 'Port', pg_temp.i(11111), 'Generation', pg_temp.i(1)) x;
    ASSERT array_length(rows, 1) = 1, 'read-row: one row';
    ASSERT (rows[1]->>'Version')::int = 3 AND rows[1]->>'SiloName' = 'silo-a' AND (rows[1]->>'Status')::int = 3
       AND (rows[1]->>'IAmAliveTime')::timestamptz = t0 + interval '1 min'
       AND (rows[1]->>'StartTime')::timestamptz = t0
       AND rows[1]->>'SuspectTimes' LIKE 'S10.0.0.2:11111:1,%', 'read-row content: ' || rows[1]::text;
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('MembershipReadRowKey',
        'DeploymentId', pg_temp.s(d), 'Address', pg_temp.s('10.0.0.1'), 'Port', pg_temp.i(11111), 'Generation', pg_temp.i(2)) x;
    ASSERT array_length(rows, 1) = 1 AND rows[1]->'StartTime' = 'null'::jsonb AND (rows[1]->>'Version')::int = 3,
        'read-row of an unknown silo: version only';

    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('MembershipReadAllKey', 'DeploymentId', pg_temp.s(d)) x;
    ASSERT array_length(rows, 1) = 2 AND (SELECT bool_and((r->>'Version')::int = 3) FROM unnest(rows) r), 'read-all: 2 silos, version 3';

    -- GatewaysQueryKey(@DeploymentId,@Status) -> Address, ProxyPort, Generation
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('GatewaysQueryKey', 'DeploymentId', pg_temp.s(d), 'Status', pg_temp.i(3)) x;
    ASSERT array_length(rows, 1) = 1 AND rows[1]->>'Address' = '10.0.0.1' AND (rows[1]->>'ProxyPort')::int = 30000
       AND (rows[1]->>'Generation')::int = 1, 'gateways: only active silo A';

    -- CleanupDefunctSiloEntriesKey(@DeploymentId,@IAmAliveTime): only Dead rows older than the cut-off
    UPDATE cc_membership SET status = 6 WHERE deployment_id = d AND address = '10.0.0.2';
    SELECT x INTO j FROM pg_temp.cc_q('CleanupDefunctSiloEntriesKey', 'DeploymentId', pg_temp.s(d), 'IAmAliveTime', pg_temp.t(t0)) x;
    ASSERT (j->>'rows_affected')::int = 0, 'cleanup: nothing older than t0';
    SELECT x INTO j FROM pg_temp.cc_q('CleanupDefunctSiloEntriesKey', 'DeploymentId', pg_temp.s(d), 'IAmAliveTime', pg_temp.t(t0 + interval '1 hour')) x;
    ASSERT (j->>'rows_affected')::int = 1, 'cleanup: dead silo B removed, active A kept';
    ASSERT (SELECT count(*) FROM cc_membership WHERE deployment_id = d) = 1, 'one silo left';

    -- DeleteMembershipTableEntriesKey(@DeploymentId)
    PERFORM pg_temp.cc_q('DeleteMembershipTableEntriesKey', 'DeploymentId', pg_temp.s(d));
    ASSERT NOT EXISTS (SELECT 1 FROM cc_membership WHERE deployment_id = d)
       AND NOT EXISTS (SELECT 1 FROM cc_membership_version WHERE deployment_id = d), 'cluster deleted';
    RAISE NOTICE 'clustering: ok';
END
$test$;

-- ---------------------------------------------------------------------------------------
-- Grain storage
-- ---------------------------------------------------------------------------------------
DO $test$
DECLARE
    svc constant text := 'cc-test-service';
    j   jsonb;
    rows jsonb[];
    -- key of a Guid-keyed grain (N0/N1) with no extension, state name "interaction"
    function_args text[];
BEGIN
    -- The identity parameters every grain-storage query receives.
    function_args := array['GrainIdHash', pg_temp.i(123456), 'GrainIdN0', pg_temp.l(-42), 'GrainIdN1', pg_temp.l(7),
                           'GrainTypeHash', pg_temp.i(-99), 'GrainTypeString', pg_temp.s('interaction'),
                           'GrainIdExtensionString', pg_temp.s(NULL), 'ServiceId', pg_temp.s(svc)];

    -- ReadFromStorageKey: nothing yet
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadFromStorageKey', VARIADIC function_args) x;
    ASSERT rows IS NULL, 'no state yet';

    -- WriteToStorageKey(+@GrainStateVersion,@PayloadBinary) -> NewGrainStateVersion
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('WriteToStorageKey', VARIADIC function_args
        || array['GrainStateVersion', pg_temp.i(NULL), 'PayloadBinary', pg_temp.b('\x0102'::bytea)]) x;
    ASSERT array_length(rows, 1) = 1 AND (rows[1]->>'NewGrainStateVersion')::int = 1, 'first write -> version 1: ' || rows[1]::text;
    SELECT x INTO j FROM pg_temp.cc_q('WriteToStorageKey', VARIADIC function_args
        || array['GrainStateVersion', pg_temp.i(NULL), 'PayloadBinary', pg_temp.b('\x09'::bytea)]) x;
    ASSERT j ? 'NewGrainStateVersion' AND j->'NewGrainStateVersion' = 'null'::jsonb, 'second insert is a conflict (NULL)';

    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadFromStorageKey', VARIADIC function_args) x;
    ASSERT array_length(rows, 1) = 1 AND (rows[1]->>'Version')::int = 1
       AND decode(substr(rows[1]->>'PayloadBinary', 3), 'hex') = '\x0102'::bytea, 'read back: ' || rows[1]::text;

    SELECT x INTO j FROM pg_temp.cc_q('WriteToStorageKey', VARIADIC function_args
        || array['GrainStateVersion', pg_temp.i(1), 'PayloadBinary', pg_temp.b('\x0203'::bytea)]) x;
    ASSERT (j->>'NewGrainStateVersion')::int = 2, 'update with version 1 -> 2';
    SELECT x INTO j FROM pg_temp.cc_q('WriteToStorageKey', VARIADIC function_args
        || array['GrainStateVersion', pg_temp.i(1), 'PayloadBinary', pg_temp.b('\x0304'::bytea)]) x;
    ASSERT j->'NewGrainStateVersion' = 'null'::jsonb, 'stale version 1 is a conflict';
    ASSERT (SELECT payload FROM cc_grain_state WHERE service_id = svc AND grain_type = 'interaction') = '\x0203'::bytea,
        'conflicting write did not change the payload';

    -- Same id, other state name / other extension: separate records
    SELECT x INTO j FROM pg_temp.cc_q('WriteToStorageKey', VARIADIC array['GrainIdHash', pg_temp.i(123456), 'GrainIdN0', pg_temp.l(-42),
        'GrainIdN1', pg_temp.l(7), 'GrainTypeHash', pg_temp.i(-99), 'GrainTypeString', pg_temp.s('interaction'),
        'GrainIdExtensionString', pg_temp.s('ext'), 'ServiceId', pg_temp.s(svc),
        'GrainStateVersion', pg_temp.i(NULL), 'PayloadBinary', pg_temp.b('\xff'::bytea)]) x;
    ASSERT (j->>'NewGrainStateVersion')::int = 1, 'key extension makes a separate record';
    SELECT x INTO j FROM pg_temp.cc_q('WriteToStorageKey', VARIADIC array['GrainIdHash', pg_temp.i(123456), 'GrainIdN0', pg_temp.l(-42),
        'GrainIdN1', pg_temp.l(7), 'GrainTypeHash', pg_temp.i(5), 'GrainTypeString', pg_temp.s('queue'),
        'GrainIdExtensionString', pg_temp.s(NULL), 'ServiceId', pg_temp.s(svc),
        'GrainStateVersion', pg_temp.i(NULL), 'PayloadBinary', pg_temp.b('\xee'::bytea)]) x;
    ASSERT (j->>'NewGrainStateVersion')::int = 1, 'state name makes a separate record';

    -- ClearStorageKey(identity + @GrainStateVersion) -> first column = new version
    SELECT x INTO j FROM pg_temp.cc_q('ClearStorageKey', VARIADIC function_args || array['GrainStateVersion', pg_temp.i(2)]) x;
    ASSERT (j->>'NewGrainStateVersion')::int = 3, 'clear -> version 3';
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadFromStorageKey', VARIADIC function_args) x;
    ASSERT array_length(rows, 1) = 1 AND rows[1]->'PayloadBinary' = 'null'::jsonb AND (rows[1]->>'Version')::int = 3,
        'cleared record: no payload, version kept';
    SELECT x INTO j FROM pg_temp.cc_q('ClearStorageKey', VARIADIC function_args || array['GrainStateVersion', pg_temp.i(2)]) x;
    ASSERT j->'NewGrainStateVersion' = 'null'::jsonb, 'clear with stale version is a conflict';
    SELECT x INTO j FROM pg_temp.cc_q('WriteToStorageKey', VARIADIC function_args
        || array['GrainStateVersion', pg_temp.i(3), 'PayloadBinary', pg_temp.b('\x05'::bytea)]) x;
    ASSERT (j->>'NewGrainStateVersion')::int = 4, 'write after clear -> 4';

    -- DeleteStorageKey (optional, DeleteStateOnClear=true)
    SELECT x INTO j FROM pg_temp.cc_q('DeleteStorageKey', VARIADIC function_args || array['GrainStateVersion', pg_temp.i(3)]) x;
    ASSERT j->'DeletedVersion' = 'null'::jsonb, 'delete with stale version is a conflict';
    SELECT x INTO j FROM pg_temp.cc_q('DeleteStorageKey', VARIADIC function_args || array['GrainStateVersion', pg_temp.i(4)]) x;
    ASSERT (j->>'DeletedVersion')::int = 5, 'delete -> marker 5';
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadFromStorageKey', VARIADIC function_args) x;
    ASSERT rows IS NULL, 'deleted record is gone';
    SELECT x INTO j FROM pg_temp.cc_q('WriteToStorageKey', VARIADIC function_args
        || array['GrainStateVersion', pg_temp.i(NULL), 'PayloadBinary', pg_temp.b('\x06'::bytea)]) x;
    ASSERT (j->>'NewGrainStateVersion')::int = 1, 'write after delete starts again at 1';
    RAISE NOTICE 'grain storage: ok';
END
$test$;

-- ---------------------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------------------
DO $test$
DECLARE
    svc constant text := 'cc-test-service';
    g   constant text := 'queue/support';
    t0  constant timestamptz := '2026-01-01 10:00:00+00';
    j   jsonb;
    rows jsonb[];
    h   int;
BEGIN
    -- UpsertReminderRowKey(@ServiceId,@GrainHash,@GrainId,@ReminderName,@StartTime,@Period) -> Version
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('UpsertReminderRowKey', 'ServiceId', pg_temp.s(svc), 'GrainHash', pg_temp.i(-5),
        'GrainId', pg_temp.s(g), 'ReminderName', pg_temp.s('sla'), 'StartTime', pg_temp.t(t0), 'Period', pg_temp.i(60000)) x;
    ASSERT array_length(rows, 1) = 1 AND (rows[1]->>'Version')::int = 0, 'insert -> etag 0';
    SELECT x INTO j FROM pg_temp.cc_q('UpsertReminderRowKey', 'ServiceId', pg_temp.s(svc), 'GrainHash', pg_temp.i(-5),
        'GrainId', pg_temp.s(g), 'ReminderName', pg_temp.s('sla'), 'StartTime', pg_temp.t(t0 + interval '1 s'), 'Period', pg_temp.i(30000)) x;
    ASSERT (j->>'Version')::int = 1, 'update -> etag 1';
    -- A period beyond int range arrives as a bigint parameter.
    SELECT x INTO j FROM pg_temp.cc_q('UpsertReminderRowKey', 'ServiceId', pg_temp.s(svc), 'GrainHash', pg_temp.i(-5),
        'GrainId', pg_temp.s(g), 'ReminderName', pg_temp.s('retention'), 'StartTime', pg_temp.t(t0), 'Period', pg_temp.l(40 * 86400000::bigint)) x;
    ASSERT (j->>'Version')::int = 0, 'long period accepted';

    -- ReadReminderRowKey(@ServiceId,@GrainId,@ReminderName)
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadReminderRowKey', 'ServiceId', pg_temp.s(svc), 'GrainId', pg_temp.s(g),
        'ReminderName', pg_temp.s('sla')) x;
    ASSERT array_length(rows, 1) = 1 AND rows[1]->>'GrainId' = g AND rows[1]->>'ReminderName' = 'sla'
       AND (rows[1]->>'StartTime')::timestamptz = t0 + interval '1 s' AND (rows[1]->>'Period')::bigint = 30000
       AND (rows[1]->>'Version')::int = 1, 'read one: ' || rows[1]::text;
    ASSERT pg_typeof((SELECT period_ms FROM cc_reminder LIMIT 1))::text = 'bigint', 'Period is bigint (read with GetInt64)';
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadReminderRowKey', 'ServiceId', pg_temp.s(svc), 'GrainId', pg_temp.s(g),
        'ReminderName', pg_temp.s('nope')) x;
    ASSERT rows IS NULL, 'unknown reminder: no row';

    -- ReadReminderRowsKey(@ServiceId,@GrainId)
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadReminderRowsKey', 'ServiceId', pg_temp.s(svc), 'GrainId', pg_temp.s(g)) x;
    ASSERT array_length(rows, 1) = 2, 'two reminders for the grain';

    -- Ring ranges. Hashes (signed): -2000000000, -5 (x2 above), 0, 5, 2000000000
    FOREACH h IN ARRAY array[-2000000000, 0, 5, 2000000000] LOOP
        PERFORM pg_temp.cc_q('UpsertReminderRowKey', 'ServiceId', pg_temp.s(svc), 'GrainHash', pg_temp.i(h),
            'GrainId', pg_temp.s('g/' || h), 'ReminderName', pg_temp.s('r'), 'StartTime', pg_temp.t(t0), 'Period', pg_temp.i(1000));
    END LOOP;
    -- another service must never show up
    PERFORM pg_temp.cc_q('UpsertReminderRowKey', 'ServiceId', pg_temp.s('other'), 'GrainHash', pg_temp.i(1),
        'GrainId', pg_temp.s('g/x'), 'ReminderName', pg_temp.s('r'), 'StartTime', pg_temp.t(t0), 'Period', pg_temp.i(1000));

    -- ReadRangeRows1Key(@ServiceId,@BeginHash,@EndHash): (begin, end] when begin < end
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadRangeRows1Key', 'ServiceId', pg_temp.s(svc),
        'BeginHash', pg_temp.i(-5), 'EndHash', pg_temp.i(5)) x;
    ASSERT array_length(rows, 1) = 2, 'range (-5,5] -> hashes 0 and 5, begin exclusive';
    -- ReadRangeRows2Key: wrapping range (5, -5] = (5, max] + [min, -5]
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadRangeRows2Key', 'ServiceId', pg_temp.s(svc),
        'BeginHash', pg_temp.i(5), 'EndHash', pg_temp.i(-5)) x;
    ASSERT array_length(rows, 1) = 4, 'wrapping range -> 2000000000, -2000000000 and the two at -5';
    SELECT array_agg(x) INTO rows FROM pg_temp.cc_q('ReadRangeRows2Key', 'ServiceId', pg_temp.s(svc),
        'BeginHash', pg_temp.i(0), 'EndHash', pg_temp.i(0)) x;
    ASSERT array_length(rows, 1) = 6, 'begin = end -> the whole ring';

    -- DeleteReminderRowKey(@ServiceId,@GrainId,@ReminderName,@Version) -> boolean
    SELECT x INTO j FROM pg_temp.cc_q('DeleteReminderRowKey', 'ServiceId', pg_temp.s(svc), 'GrainId', pg_temp.s(g),
        'ReminderName', pg_temp.s('sla'), 'Version', pg_temp.i(0)) x;
    ASSERT NOT (SELECT v::boolean FROM jsonb_each_text(j) AS e(k, v)), 'delete with stale etag -> false';
    SELECT x INTO j FROM pg_temp.cc_q('DeleteReminderRowKey', 'ServiceId', pg_temp.s(svc), 'GrainId', pg_temp.s(g),
        'ReminderName', pg_temp.s('sla'), 'Version', pg_temp.i(1)) x;
    ASSERT (SELECT v::boolean FROM jsonb_each_text(j) AS e(k, v)), 'delete with current etag -> true';

    -- DeleteReminderRowsKey(@ServiceId)
    SELECT x INTO j FROM pg_temp.cc_q('DeleteReminderRowsKey', 'ServiceId', pg_temp.s(svc)) x;
    ASSERT (j->>'rows_affected')::int = 5, 'all reminders of the service deleted';
    ASSERT EXISTS (SELECT 1 FROM cc_reminder WHERE service_id = 'other'), 'other service untouched';
    RAISE NOTICE 'reminders: ok';
END
$test$;
