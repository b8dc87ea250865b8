/**
 * The contract between the SQL Server twin's wire protocol ({@code io.milink.simulator.tds}) and the instance
 * that answers T-SQL ({@code io.milink.simulator.sqlserver}).
 *
 * <p>The protocol layer knows packets, tokens and TLS; it never parses T-SQL. The engine knows T-SQL, the
 * catalog and SQL Server's errors; it never sees a byte of TDS. Everything that crosses is in this package.
 */
package io.milink.simulator.engine;
