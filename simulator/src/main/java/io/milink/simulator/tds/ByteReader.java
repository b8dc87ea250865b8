package io.milink.simulator.tds;

import java.nio.charset.StandardCharsets;

/** Little-endian reads over a received message payload; throws {@link TdsProtocolException} past the end. */
final class ByteReader {
    private final byte[] data;
    private int pos;

    ByteReader(byte[] data) {
        this(data, 0);
    }

    ByteReader(byte[] data, int pos) {
        this.data = data;
        this.pos = pos;
    }

    int position() {
        return pos;
    }

    void position(int p) {
        if (p < 0 || p > data.length) {
            throw new TdsProtocolException("offset " + p + " outside a " + data.length + "-byte message");
        }
        pos = p;
    }

    int remaining() {
        return data.length - pos;
    }

    boolean hasRemaining() {
        return pos < data.length;
    }

    private void need(int n) {
        if (n < 0 || pos + n > data.length) {
            throw new TdsProtocolException("message truncated: need " + n + " bytes at " + pos + " of " + data.length);
        }
    }

    int u8() {
        need(1);
        return data[pos++] & 0xFF;
    }

    int peekU8() {
        need(1);
        return data[pos] & 0xFF;
    }

    int u16() {
        need(2);
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    int u16be() {
        need(2);
        int v = (data[pos] & 0xFF) << 8 | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32() {
        return uN(4);
    }

    int i32() {
        return (int) uN(4);
    }

    long i64() {
        return uN(8);
    }

    /** Little-endian unsigned value of {@code n} bytes (n ≤ 8). */
    long uN(int n) {
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (data[pos + i] & 0xFF) << (8 * i);
        }
        pos += n;
        return v;
    }

    byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    void skip(int n) {
        need(n);
        pos += n;
    }

    String ucs2(int chars) {
        need(chars * 2);
        String s = new String(data, pos, chars * 2, StandardCharsets.UTF_16LE);
        pos += chars * 2;
        return s;
    }

    String bVarchar() {
        return ucs2(u8());
    }

    /** UCS-2 text from an absolute offset, without moving the cursor (LOGIN7 (ib, cch) pairs). */
    String ucs2At(int offset, int chars) {
        if (offset < 0 || chars < 0 || offset + chars * 2 > data.length) {
            throw new TdsProtocolException("string at " + offset + " (" + chars + " chars) outside the message");
        }
        return new String(data, offset, chars * 2, StandardCharsets.UTF_16LE);
    }

    byte[] array() {
        return data;
    }
}
