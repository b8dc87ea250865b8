package io.milink.simulator.tds;

/**
 * How one logged-in connection's traffic is protected, as the twin negotiated it (tds-protocol.md §7).
 *
 * @param mode        {@code NONE}, {@code LOGIN_ONLY} (client {@code encrypt=false}: only the LOGIN7 packet under
 *                    TLS), {@code CLASSIC} ({@code encrypt=true}: TLS inside PRELOGIN) or {@code STRICT}
 *                    ({@code encrypt=strict}: TDS 8.0, TLS first)
 * @param tlsProtocol the protocol JSSE negotiated ({@code TLSv1.2}, {@code TLSv1.3}), or null without any TLS
 * @param encrypted   whether everything after login travels under TLS (SQL Server's
 *                    {@code sys.dm_exec_connections.encrypt_option})
 */
public record SessionEncryption(String mode, String tlsProtocol, boolean encrypted) {
}
