-- 002: cluster membership for Microsoft.Orleans.Clustering.AdoNet (invariant "Npgsql").
--
-- Orleans keeps one membership table per cluster (its ClusterId arrives as @DeploymentId).
-- Concurrency is optimistic on a single per-cluster version number: a silo reads all rows
-- plus the version, and every insert/update of a row must present that version (@Version);
-- the write succeeds only if the version is unchanged, and then increments it. The etag of
-- every row is simply the table version. Heartbeats (UpdateIAmAlivetimeKey) do not touch
-- the version, so they never make a membership change fail.
--
-- Times are timestamptz: Npgsql sends the provider's DateTime parameters (Kind=Utc) as
-- timestamptz, and Orleans reads them back as UTC.

CREATE TABLE IF NOT EXISTS cc_membership_version
(
    deployment_id varchar(150) NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_cc_membership_version PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS cc_membership
(
    deployment_id   varchar(150) NOT NULL,
    address         varchar(45)  NOT NULL,   -- IPv4/IPv6 text as Orleans formats it
    port            integer      NOT NULL,
    generation      integer      NOT NULL,   -- silo incarnation: a restarted silo is a new row
    silo_name       text         NOT NULL,
    host_name       text         NOT NULL,
    status          integer      NOT NULL,   -- Orleans SiloStatus (3 = Active, 6 = Dead)
    proxy_port      integer      NOT NULL,   -- gateway port, 0 when the silo is no gateway
    suspect_times   text,                    -- "silo,time|silo,time" exactly as Orleans writes it
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    CONSTRAINT pk_cc_membership PRIMARY KEY (deployment_id, address, port, generation),
    -- Rows only exist under a version row; dropping a cluster's version row drops its rows.
    CONSTRAINT fk_cc_membership_version FOREIGN KEY (deployment_id)
        REFERENCES cc_membership_version (deployment_id) ON DELETE CASCADE
);

-- Insert a silo row if, and only if, the cluster's version still equals p_expected_version;
-- bump the version on success. The version row is locked first, so concurrent writers of
-- the same cluster are serialised and a failed attempt leaves the table untouched.
CREATE OR REPLACE FUNCTION cc_membership_insert(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
      FROM cc_membership_version
     WHERE deployment_id = p_deployment_id
       AND version = p_expected_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;                                  -- stale table version (or no cluster row)
    END IF;

    INSERT INTO cc_membership (deployment_id, address, port, generation, silo_name, host_name,
                               status, proxy_port, suspect_times, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, coalesce(p_silo_name, ''),
            coalesce(p_host_name, ''), p_status, p_proxy_port, NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;                                  -- this silo incarnation is already there
    END IF;

    UPDATE cc_membership_version
       SET version = version + 1, updated_at = now()
     WHERE deployment_id = p_deployment_id;
    RETURN true;
END
$fn$;

-- Update a silo row (status, heartbeat, suspicions) under the same version rule.
CREATE OR REPLACE FUNCTION cc_membership_update(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
      FROM cc_membership_version
     WHERE deployment_id = p_deployment_id
       AND version = p_expected_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE cc_membership
       SET status = p_status,
           suspect_times = p_suspect_times,
           i_am_alive_time = p_i_am_alive_time
     WHERE deployment_id = p_deployment_id
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;                                  -- unknown silo: nothing changed
    END IF;

    UPDATE cc_membership_version
       SET version = version + 1, updated_at = now()
     WHERE deployment_id = p_deployment_id;
    RETURN true;
END
$fn$;

-- Result column names below are what the provider reads by name (case-insensitively);
-- they are quoted so they read exactly like the Orleans names.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row (version 0) once; one boolean: was it created now.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO cc_membership_version (deployment_id, version)
    VALUES (@DeploymentId, 0)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM created)
$q$),

-- Version row LEFT JOIN the rows: an empty cluster still yields one row carrying the table
-- version (NULL StartTime tells Orleans "no member"); one statement = consistent snapshot.
('MembershipReadAllKey', $q$
SELECT v.version           AS "Version",
       m.address           AS "Address",
       m.port              AS "Port",
       m.generation        AS "Generation",
       m.silo_name         AS "SiloName",
       m.host_name         AS "HostName",
       m.status            AS "Status",
       m.proxy_port        AS "ProxyPort",
       m.suspect_times     AS "SuspectTimes",
       m.start_time        AS "StartTime",
       m.i_am_alive_time   AS "IAmAliveTime"
  FROM cc_membership_version v
  LEFT JOIN cc_membership m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId
$q$),

-- Same shape for one silo (address, port, generation).
('MembershipReadRowKey', $q$
SELECT v.version           AS "Version",
       m.address           AS "Address",
       m.port              AS "Port",
       m.generation        AS "Generation",
       m.silo_name         AS "SiloName",
       m.host_name         AS "HostName",
       m.status            AS "Status",
       m.proxy_port        AS "ProxyPort",
       m.suspect_times     AS "SuspectTimes",
       m.start_time        AS "StartTime",
       m.i_am_alive_time   AS "IAmAliveTime"
  FROM cc_membership_version v
  LEFT JOIN cc_membership m
         ON m.deployment_id = v.deployment_id
        AND m.address = @Address
        AND m.port = @Port
        AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId
$q$),

-- Gateways for clients: silos in the requested status (Active) that expose a gateway port.
('GatewaysQueryKey', $q$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
  FROM cc_membership
 WHERE deployment_id = @DeploymentId
   AND status = @Status
   AND proxy_port > 0
$q$),

('InsertMembershipKey', $q$
SELECT cc_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                            @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),

('UpdateMembershipKey', $q$
SELECT cc_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status,
                            @SuspectTimes, @IAmAliveTime, @Version)
$q$),

-- Heartbeat: deliberately outside the version protocol.
('UpdateIAmAlivetimeKey', $q$
UPDATE cc_membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
$q$),

-- Drops the whole cluster (rows go with the version row through the foreign key).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM cc_membership_version
 WHERE deployment_id = @DeploymentId
$q$),

-- Housekeeping: forget silos that are Dead (6) and have neither started nor sent a
-- heartbeat since the cut-off (@IAmAliveTime). Live rows are never touched.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM cc_membership
 WHERE deployment_id = @DeploymentId
   AND status = 6
   AND i_am_alive_time < @IAmAliveTime
   AND start_time < @IAmAliveTime
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
