-- h2/V2__large_request_result_error.sql in PostgreSQL, whose unbounded text type is TEXT (it has no CLOB): a
-- contract-valid preflight request can be far longer than VARCHAR(4000), and its result and error can echo it.
ALTER TABLE operations ALTER COLUMN request SET DATA TYPE TEXT;
ALTER TABLE operations ALTER COLUMN result SET DATA TYPE TEXT;
ALTER TABLE operations ALTER COLUMN error SET DATA TYPE TEXT;
