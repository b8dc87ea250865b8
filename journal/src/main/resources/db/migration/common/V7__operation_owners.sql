-- Several service replicas on one journal (docs/operations.md, "Running several replicas").
-- busy_link: the link an unfinished operation works on, cleared when it ends; the unique index makes "one unfinished
-- operation per link" the database's rule, so two replicas accepting a failover of the same link at the same moment
-- cannot both succeed (each only checked its own process before). replica: the service process that accepted the
-- operation, so a replica's start or stop fails only its own preflights, and those of replicas that are gone.
-- Written in the SQL H2 and PostgreSQL share.

ALTER TABLE operations ADD COLUMN busy_link VARCHAR(128);
ALTER TABLE operations ADD COLUMN replica VARCHAR(100);

-- The oldest unfinished operation of each link holds it (a journal kept by one process has at most one).
UPDATE operations SET busy_link = link_name
WHERE link_name IS NOT NULL AND state IN ('Queued', 'Running')
  AND NOT EXISTS (SELECT 1 FROM operations older WHERE older.link_name = operations.link_name
                  AND older.state IN ('Queued', 'Running')
                  AND (older.created_at < operations.created_at
                       OR (older.created_at = operations.created_at AND older.id < operations.id)));

CREATE UNIQUE INDEX operations_busy_link ON operations (busy_link);
