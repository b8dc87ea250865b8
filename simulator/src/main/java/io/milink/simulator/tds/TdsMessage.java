package io.milink.simulator.tds;

/**
 * One client message reassembled from its packets (tds-protocol.md §3).
 *
 * @param type    packet type of the message (0x12 PRELOGIN, 0x10 LOGIN7, 0x01 SQL_BATCH, 0x03 RPC, 0x06 ATTENTION…)
 * @param status  status byte of the first packet (0x08 = RESETCONNECTION)
 * @param payload the concatenated payloads
 */
record TdsMessage(int type, int status, byte[] payload) {
    static final int SQL_BATCH = 0x01;
    static final int RPC = 0x03;
    static final int REPLY = 0x04;
    static final int ATTENTION = 0x06;
    static final int TRANSACTION_MANAGER = 0x0E;
    static final int LOGIN7 = 0x10;
    static final int PRELOGIN = 0x12;

    static final int STATUS_EOM = 0x01;
    static final int STATUS_RESET_CONNECTION = 0x08;

    boolean resetConnection() {
        return (status & STATUS_RESET_CONNECTION) != 0;
    }
}
