package io.milink.simulator.tds;

import io.milink.simulator.engine.LoginRequest;

/** Decodes LOGIN7 (tds-protocol.md §4.2). The password is decoded into the request only, never logged. */
final class Login7Decoder {

    /**
     * @param request         what the engine checks
     * @param tdsVersion      the client's TDS version (0x74000004, or 0x08000000 for strict mssql-jdbc)
     * @param hasFeatureExt   OptionFlags3 bit 0x10: the client sent a FeatureExt block and expects FEATUREEXTACK
     */
    record Login7(LoginRequest request, int tdsVersion, boolean hasFeatureExt) {}

    private static final int FIXED_LENGTH = 94;

    private Login7Decoder() {
    }

    static Login7 decode(byte[] payload) {
        if (payload.length < FIXED_LENGTH) {
            throw new TdsProtocolException("LOGIN7 of " + payload.length + " bytes is shorter than its fixed part");
        }
        ByteReader r = new ByteReader(payload);
        r.position(4);
        int tdsVersion = r.i32();
        int packetSize = r.i32();
        r.position(27);
        int optionFlags3 = r.u8();
        String host = text(r, 36);
        String user = text(r, 40);
        String password = password(r, 44);
        String app = text(r, 48);
        String database = text(r, 68);
        LoginRequest request = new LoginRequest(user, password, database, app, host, packetSize);
        return new Login7(request, tdsVersion, (optionFlags3 & 0x10) != 0);
    }

    private static String text(ByteReader r, int fieldOffset) {
        r.position(fieldOffset);
        int ib = r.u16();
        int cch = r.u16();
        return cch == 0 ? "" : r.ucs2At(ib, cch);
    }

    /** Each password byte is XORed with 0xA5 after swapping its nibbles; undo both (§4.2). */
    private static String password(ByteReader r, int fieldOffset) {
        r.position(fieldOffset);
        int ib = r.u16();
        int cch = r.u16();
        byte[] all = r.array();
        if (ib + cch * 2 > all.length) {
            throw new TdsProtocolException("LOGIN7 password outside the message");
        }
        byte[] plain = new byte[cch * 2];
        for (int i = 0; i < plain.length; i++) {
            int b = (all[ib + i] & 0xFF) ^ 0xA5;
            plain[i] = (byte) (((b & 0x0F) << 4) | ((b & 0xF0) >>> 4));
        }
        return new String(plain, java.nio.charset.StandardCharsets.UTF_16LE);
    }
}
