package io.milink.simulator.engine;

/** The SQL Server column and parameter types the twin can carry on the wire. */
public enum SqlTypeKind {
    TINYINT, SMALLINT, INT, BIGINT, BIT,
    DECIMAL, FLOAT,
    NVARCHAR, VARCHAR, VARBINARY,
    DATE, DATETIME, DATETIME2,
    UNIQUEIDENTIFIER,
    SQL_VARIANT
}
