-- The service's link API (docs/api.md, "Links"): each link POST /v1/links registered under its name with the request
-- as accepted (a credential and an Azure sign-in by name, never a secret), which link an operation works on (so a
-- second operation on a busy link is refused, and an interrupted one resumes on the right link), each Idempotency-Key
-- a caller sent with the hash of its request and the operation it started, and what a token may do besides its role
-- (failover: force a failover).
-- Written in the SQL H2 and PostgreSQL share (sized VARCHAR, TIMESTAMP WITH TIME ZONE, no MERGE).

CREATE TABLE service_links (
    name          VARCHAR(128)             PRIMARY KEY,
    request       VARCHAR(1000000)         NOT NULL,
    request_hash  CHAR(64)                 NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(64)              NOT NULL
);

ALTER TABLE operations ADD COLUMN link_name VARCHAR(128);
CREATE INDEX operations_link ON operations (link_name, state);

CREATE TABLE idempotency_keys (
    caller           VARCHAR(64)              NOT NULL,
    idempotency_key  VARCHAR(255)             NOT NULL,
    request_hash     CHAR(64)                 NOT NULL,
    operation_id     VARCHAR(36)              NOT NULL REFERENCES operations (id),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);
CREATE INDEX idempotency_keys_operation ON idempotency_keys (operation_id);

ALTER TABLE tokens ADD COLUMN permissions VARCHAR(200) DEFAULT '' NOT NULL;
