-- 005: the reporting store (README "Reports and KPIs").
--
-- cc_report_interaction holds one flat row per closed interaction: its latest version, upserted by
-- the silos' batched writer (binary COPY into a staging table, then INSERT ... ON CONFLICT) and
-- kept only when its revision is not older than the stored one. Enumerations are stored by name.
-- Durations are whole milliseconds. cc_report_timeline holds the timeline, append-only per
-- interaction. cc_report_operator_status holds each finished stretch of an operator in a status.

CREATE TABLE IF NOT EXISTS cc_report_interaction
(
    interaction_id         text        NOT NULL,
    revision               integer     NOT NULL,
    channel                text        NOT NULL,
    direction              text        NOT NULL,
    region_id              text        NOT NULL,
    language               text        NOT NULL,
    organisation_id        text,
    queue_id               text,
    operator_id            text,
    operator_ids           text[]      NOT NULL,
    citizen_card_id        text,
    registered_at          timestamptz NOT NULL,
    queued_at              timestamptz,
    first_offered_at       timestamptz,
    connected_at           timestamptz,
    wrap_up_started_at     timestamptz,
    wrap_up_ms             bigint,
    closed_at              timestamptz NOT NULL,
    wait_ms                bigint,
    talk_ms                bigint      NOT NULL,
    handler_talk_ms        bigint      NOT NULL,
    outcome                text        NOT NULL,
    unanswered_reason      text        NOT NULL,
    abandoned              boolean     NOT NULL,
    abandoned_short        boolean     NOT NULL,
    transfers              integer     NOT NULL,
    breached_transfers     integer     NOT NULL,
    end_reason             text        NOT NULL,
    topic_id               text,
    topics                 text[]      NOT NULL,
    -- First levels of the topic codes plus the robot's topic: what first-contact resolution compares.
    topic_keys             text[]      NOT NULL,
    callback_reason        text,
    callback_origin_id     text,
    callback_deadline      timestamptz,
    callback_deadline_met  boolean,
    follow_up_id           text,
    follow_up_deadline     timestamptz,
    follow_up_closed_at    timestamptz,
    follow_up_deadline_met boolean,
    deferred_callback_at   timestamptz,
    complaint_category     text,
    complaint_confirmed    boolean,
    complaint_reviewed_at  timestamptz,
    survey_score           smallint,
    survey_scored_at       timestamptz,
    recordings             integer     NOT NULL,
    written_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_cc_report_interaction PRIMARY KEY (interaction_id)
);

-- Reports cut periods by registration; per-operator days by close.
CREATE INDEX IF NOT EXISTS ix_cc_report_interaction_registered ON cc_report_interaction (registered_at);
CREATE INDEX IF NOT EXISTS ix_cc_report_interaction_closed ON cc_report_interaction (closed_at);
-- Repeat contacts of a citizen, for first-contact resolution.
CREATE INDEX IF NOT EXISTS ix_cc_report_interaction_card ON cc_report_interaction (citizen_card_id, registered_at);

CREATE TABLE IF NOT EXISTS cc_report_timeline
(
    interaction_id text        NOT NULL,
    seq            integer     NOT NULL,
    at             timestamptz NOT NULL,
    kind           text        NOT NULL,
    actor          text        NOT NULL,
    detail         text,
    CONSTRAINT pk_cc_report_timeline PRIMARY KEY (interaction_id, seq)
);

CREATE TABLE IF NOT EXISTS cc_report_operator_status
(
    operator_id     text        NOT NULL,
    organisation_id text,
    status          text        NOT NULL,
    reason          text        NOT NULL,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz NOT NULL,
    CONSTRAINT pk_cc_report_operator_status PRIMARY KEY (operator_id, started_at)
);

CREATE INDEX IF NOT EXISTS ix_cc_report_operator_status_period ON cc_report_operator_status (started_at, ended_at);
