package io.milink.simulator.tds;

import java.util.LinkedHashSet;
import java.util.Set;

import io.milink.simulator.engine.LoginRequest;

/** Decodes LOGIN7 (tds-protocol.md §4.2). The password is decoded into the request only, never logged. */
final class Login7Decoder {

    /**
     * @param request         what the engine checks
     * @param tdsVersion      the client's TDS version (0x74000004, or 0x08000000 for strict mssql-jdbc)
     * @param hasFeatureExt   OptionFlags3 bit 0x10: the client sent a FeatureExt block and expects FEATUREEXTACK
     * @param features        the FeatureExt ids the client offered (e.g. 0x0A UTF8_SUPPORT, 0x01 SESSIONRECOVERY)
     */
    record Login7(LoginRequest request, int tdsVersion, boolean hasFeatureExt, Set<Integer> features) {}

    static final int FEATURE_TERMINATOR = 0xFF;

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
        boolean hasFeatureExt = (optionFlags3 & 0x10) != 0;
        Set<Integer> features = hasFeatureExt ? features(r) : Set.of();
        return new Login7(request, tdsVersion, hasFeatureExt, features);
    }

    /**
     * The FeatureExt block (§4.2): the Extension field (offset 56) points at a DWORD holding the block's offset;
     * the block is repeated {@code featureId(1) length(4) data} up to 0xFF.
     */
    private static Set<Integer> features(ByteReader r) {
        r.position(56);
        int ib = r.u16();
        int cb = r.u16();
        if (cb < 4) {
            return Set.of();
        }
        r.position(ib);
        long blockOffset = r.u32();
        if (blockOffset <= 0 || blockOffset >= r.array().length) {
            throw new TdsProtocolException("LOGIN7 FeatureExt offset " + blockOffset + " outside the message");
        }
        r.position((int) blockOffset);
        Set<Integer> ids = new LinkedHashSet<>();
        while (true) {
            int id = r.u8();
            if (id == FEATURE_TERMINATOR) {
                return ids;
            }
            long length = r.u32();
            if (length > r.remaining()) {
                throw new TdsProtocolException("LOGIN7 feature 0x" + Integer.toHexString(id) + " runs past the message");
            }
            r.skip((int) length);
            ids.add(id);
        }
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
