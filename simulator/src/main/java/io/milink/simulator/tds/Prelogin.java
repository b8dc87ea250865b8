package io.milink.simulator.tds;

/**
 * PRELOGIN request parsing and reply building (tds-protocol.md §4.1): an option table of 5-byte entries
 * (token, BE offset, BE length) ending with 0xFF, followed by the option data.
 */
final class Prelogin {
    static final int OPT_VERSION = 0;
    static final int OPT_ENCRYPTION = 1;
    static final int OPT_INSTOPT = 2;
    static final int OPT_THREADID = 3;
    static final int OPT_MARS = 4;
    static final int OPT_TERMINATOR = 0xFF;

    static final int ENCRYPT_OFF = 0;
    static final int ENCRYPT_ON = 1;
    static final int ENCRYPT_NOT_SUP = 2;
    static final int ENCRYPT_REQ = 3;

    private Prelogin() {
    }

    /** The client's ENCRYPTION option with the client-certificate flag 0x80 masked off; NOT_SUP when absent. */
    static int clientEncryption(byte[] payload) {
        ByteReader r = new ByteReader(payload);
        while (r.hasRemaining()) {
            int token = r.u8();
            if (token == OPT_TERMINATOR) {
                break;
            }
            int offset = r.u16be();
            int length = r.u16be();
            if (token == OPT_ENCRYPTION && length >= 1) {
                if (offset >= payload.length) {
                    throw new TdsProtocolException("PRELOGIN ENCRYPTION option outside the message");
                }
                return payload[offset] & 0x7F;
            }
        }
        return ENCRYPT_NOT_SUP;
    }

    /**
     * The reply all three measured clients accepted: VERSION (major, minor, build big-endian, sub-build 0),
     * ENCRYPTION, INSTOPT 0, THREADID 0, MARS 0.
     */
    static byte[] reply(int[] version, int encryption) {
        int[][] options = {{OPT_VERSION, 6}, {OPT_ENCRYPTION, 1}, {OPT_INSTOPT, 1}, {OPT_THREADID, 4}, {OPT_MARS, 1}};
        ByteWriter w = new ByteWriter(64);
        int offset = options.length * 5 + 1;
        for (int[] o : options) {
            w.u8(o[0]).u16be(offset).u16be(o[1]);
            offset += o[1];
        }
        w.u8(OPT_TERMINATOR);
        w.u8(version[0]).u8(version[1]).u16be(version[2] << 8 | version[3]).u16be(0);
        w.u8(encryption);
        w.u8(0);
        w.u32(0);
        w.u8(0);
        return w.toByteArray();
    }

    /** {@code 16.0.4135.4} → {16, 0, build-hi, build-lo}; unparsable parts are 0. */
    static int[] versionBytes(String productVersion) {
        String[] parts = productVersion == null ? new String[0] : productVersion.split("\\.");
        int major = part(parts, 0);
        int minor = part(parts, 1);
        int build = part(parts, 2);
        return new int[] {major & 0xFF, minor & 0xFF, (build >>> 8) & 0xFF, build & 0xFF};
    }

    private static int part(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i].trim()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
