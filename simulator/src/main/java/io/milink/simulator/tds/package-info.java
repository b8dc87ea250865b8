/**
 * The SQL Server twin's wire protocol: a TDS 7.4 / TDS 8.0 server good enough for the unmodified mssql-jdbc driver.
 *
 * <p>Public surface: {@link io.milink.simulator.tds.TdsServer} and {@link io.milink.simulator.tds.TdsServerOptions}.
 * Everything else is package-private and has one job: {@code PacketChannel} (packets ↔ messages),
 * {@code Prelogin}, {@code Login7Decoder}, {@code ClassicTlsHandshake} (TLS inside PRELOGIN packets),
 * {@code TdsConnection} (connection lifecycle), {@code InboundQueue} (reader thread, ATTENTION),
 * {@code RequestDispatcher} (SQL_BATCH and RPC → engine), {@code ParameterDecoder} (RPC parameters),
 * {@code TokenSink}/{@code TokenWriter} (engine results → tokens), {@code TypeCodec} (TYPE_INFO and values),
 * {@code Collations} (collation name → 5 TDS bytes).
 *
 * <p>Protocol facts are cited from {@code shared/reference/tds-protocol.md} (measured against mssql-jdbc 13.6.2)
 * as "§n", and from the MS-TDS specification where that brief is silent. The layer never parses T-SQL and never
 * logs a password.
 */
package io.milink.simulator.tds;
