-- The operation journal of milink serve. Never store a secret here: tokens only as SHA-256 hashes, specs only
-- with credential references, never a password.

CREATE TABLE tokens (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    sha256      CHAR(64)                 NOT NULL UNIQUE,
    role        VARCHAR(16)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE operations (
    id            VARCHAR(36)              PRIMARY KEY,
    kind          VARCHAR(32)              NOT NULL,
    state         VARCHAR(16)              NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE,
    finished_at   TIMESTAMP WITH TIME ZONE,
    requested_by  VARCHAR(64)              NOT NULL,
    request       VARCHAR(4000)            NOT NULL,
    result        VARCHAR(4000),
    error         VARCHAR(4000)
);
CREATE INDEX operations_state ON operations (state);

CREATE TABLE operation_events (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    operation_id  VARCHAR(36)              NOT NULL REFERENCES operations (id),
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    message       VARCHAR(4000)            NOT NULL
);
CREATE INDEX operation_events_operation ON operation_events (operation_id, id);

CREATE TABLE preflight_reports (
    operation_id  VARCHAR(36)              PRIMARY KEY REFERENCES operations (id),
    target        VARCHAR(1000)            NOT NULL,
    ready         BOOLEAN                  NOT NULL,
    generated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    report_json   CLOB                     NOT NULL
);
CREATE INDEX preflight_reports_target ON preflight_reports (target, generated_at);

CREATE TABLE audit (
    id      BIGINT AUTO_INCREMENT PRIMARY KEY,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    who     VARCHAR(64)              NOT NULL,
    method  VARCHAR(16)              NOT NULL,
    path    VARCHAR(2000)            NOT NULL,
    status  INT                      NOT NULL
);
