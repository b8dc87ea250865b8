package io.milink.simulator.tds;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the little-endian writes TDS payloads use (tds-protocol.md §3). */
final class ByteWriter {
    private byte[] data;
    private int size;

    ByteWriter() {
        this(256);
    }

    ByteWriter(int capacity) {
        data = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    private void ensure(int extra) {
        if (size + extra > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
        }
    }

    ByteWriter u8(int v) {
        ensure(1);
        data[size++] = (byte) v;
        return this;
    }

    ByteWriter u16(int v) {
        ensure(2);
        data[size++] = (byte) v;
        data[size++] = (byte) (v >>> 8);
        return this;
    }

    ByteWriter u16be(int v) {
        ensure(2);
        data[size++] = (byte) (v >>> 8);
        data[size++] = (byte) v;
        return this;
    }

    ByteWriter u24(int v) {
        u16(v & 0xFFFF);
        return u8(v >>> 16);
    }

    ByteWriter u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            data[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    ByteWriter u32be(long v) {
        ensure(4);
        for (int i = 3; i >= 0; i--) {
            data[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    ByteWriter u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            data[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** Little-endian, {@code n} low bytes of {@code v}. */
    ByteWriter uN(long v, int n) {
        ensure(n);
        for (int i = 0; i < n; i++) {
            data[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, data, size, len);
        size += len;
        return this;
    }

    ByteWriter ucs2(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_16LE));
    }

    /** B_VARCHAR: 1-byte character count, then UCS-2 (truncated to 255 characters). */
    ByteWriter bVarchar(String s) {
        String v = s.length() > 255 ? s.substring(0, 255) : s;
        u8(v.length());
        return ucs2(v);
    }

    /** US_VARCHAR: 2-byte character count, then UCS-2. */
    ByteWriter usVarchar(String s) {
        String v = s.length() > 65535 ? s.substring(0, 65535) : s;
        u16(v.length());
        return ucs2(v);
    }

    /** Overwrites a little-endian USHORT at {@code pos} (for length fields known only afterwards). */
    void patchU16(int pos, int v) {
        data[pos] = (byte) v;
        data[pos + 1] = (byte) (v >>> 8);
    }

    byte get(int pos) {
        return data[pos];
    }

    void set(int pos, byte b) {
        data[pos] = b;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    byte[] buffer() {
        return data;
    }
}
