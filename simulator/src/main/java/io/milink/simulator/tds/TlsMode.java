package io.milink.simulator.tds;

/** How a connection's traffic was protected (tds-protocol.md §7). */
enum TlsMode {
    /** No TLS at all (no certificate, or the client does not support encryption). */
    NONE,
    /** Client {@code encrypt=false}, server ENCRYPT_OFF: only the first LOGIN7 packet is under TLS (§7.3). */
    LOGIN_ONLY,
    /** Client {@code encrypt=true}: TLS 1.2 handshake inside PRELOGIN packets, then TLS throughout (§7.2). */
    CLASSIC,
    /** Client {@code encrypt=strict}, TDS 8.0: TLS from the first byte, ALPN tds/8.0 (§7.1). */
    STRICT
}
