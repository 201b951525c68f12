-- 001: the query catalogue that the Orleans ADO.NET providers load at start-up.
--
-- Every provider (clustering, grain storage, reminders) runs
--     SELECT QueryKey, QueryText FROM OrleansQuery [WHERE QueryKey = ...]
-- once, unquoted, and then executes only the texts found here with named parameters
-- (@DeploymentId, @GrainIdHash, ...). The name and columns are therefore fixed by Orleans;
-- they are left unquoted so that they fold to lower case exactly like the provider's query.
-- The project's own tables (cc_*) follow in 002..004, each script adding its query rows
-- with INSERT ... ON CONFLICT DO UPDATE so that re-running a script refreshes the texts.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT pk_orleans_query PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'Query texts read by the Orleans ADO.NET providers (key -> SQL with @Parameters). Written by db/schema scripts only.';
