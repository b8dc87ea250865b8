-- openapi.yaml lets a preflight body name 100 databases of 128 characters each (plus a LinkSpec's other fields),
-- far beyond VARCHAR(4000): such a contract-valid request failed with a 500 when it was journaled. The request (and
-- its result and error, which can echo it) are stored as CLOBs, which have no practical length limit in H2.
-- SET DATA TYPE keeps each column's NOT NULL / NULL as it was (H2 ALTER TABLE ... ALTER COLUMN ... SET DATA TYPE).
ALTER TABLE operations ALTER COLUMN request SET DATA TYPE CLOB;
ALTER TABLE operations ALTER COLUMN result SET DATA TYPE CLOB;
ALTER TABLE operations ALTER COLUMN error SET DATA TYPE CLOB;
