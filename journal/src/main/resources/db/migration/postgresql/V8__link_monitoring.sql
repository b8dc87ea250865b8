-- Each registered link's monitoring, owned by one service replica at a time (docs/operations.md, "Running several
-- replicas"). In postgresql/ and h2/ under the same version: task_data is BYTEA in PostgreSQL and BLOB in H2.
--
-- monitor_tasks: db-scheduler's table for the link monitors, laid out as scheduled_tasks (V6). A table of their own,
-- read by a scheduler of their own, so a monitor never waits behind link operations that hold their threads for hours
-- (a create waits for seeding), and the other way round. A row per registered link (task_instance: the link's name);
-- task_data is what the monitor remembers between reads (how far seeding had got, and when it last moved), so the
-- replica that reads a link next, this one or another, judges a stall the same.
--
-- link_status: each link as its monitor last read it, for every replica's event streams. version grows (and
-- changed_at is set, by the database's clock, so replicas' clocks do not matter) only when what a reader sees changed;
-- observed_at, observed_by and polls change at every read (which replica read the link, and how often).

CREATE TABLE monitor_tasks (
    task_name            VARCHAR(250)             NOT NULL,
    task_instance        VARCHAR(250)             NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            VARCHAR(100),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX monitor_tasks_execution_time ON monitor_tasks (execution_time);
CREATE INDEX monitor_tasks_last_heartbeat ON monitor_tasks (last_heartbeat);
CREATE INDEX monitor_tasks_priority_execution_time ON monitor_tasks (priority DESC, execution_time ASC);

CREATE TABLE link_status (
    link_name    VARCHAR(128)             PRIMARY KEY,
    version      BIGINT                   NOT NULL,
    status       VARCHAR(1000000),
    status_key   CHAR(64),
    etag         VARCHAR(200),
    error        VARCHAR(4000),
    target       VARCHAR(1000),
    removed      BOOLEAN                  NOT NULL,
    changed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    observed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    observed_by  VARCHAR(100)             NOT NULL,
    polls        BIGINT                   NOT NULL
);

CREATE INDEX link_status_changed_at ON link_status (changed_at);
