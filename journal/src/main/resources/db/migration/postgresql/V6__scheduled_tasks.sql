-- Which service replica runs which piece of work (docs/operations.md, "Running several replicas"): db-scheduler's
-- table, as its documentation gives it for PostgreSQL (its names sized as in H2's, so both journals have the same columns). A row per task instance (a link operation: its id); the replica
-- that picks it writes its name in picked_by and renews last_heartbeat while it runs; a row whose heartbeat stopped is
-- revived, and another replica picks it up and resumes the operation from the journal.
-- In postgresql/ and h2/ under the same version: task_data is BYTEA here and BLOB in H2.

CREATE TABLE scheduled_tasks (
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

CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);
