package io.milink.simulator.tds;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal hand-rolled TDS client for what mssql-jdbc never sends: RPC calls by name, malformed packets,
 * unsupported parameter types. Plaintext only.
 */
final class RawTdsClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawTdsClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** PRELOGIN without encryption, then LOGIN7; returns the login reply. */
    byte[] login(String user, String password) throws IOException {
        ByteWriter prelogin = new ByteWriter().u8(Prelogin.OPT_VERSION).u16be(11).u16be(6)
                .u8(Prelogin.OPT_ENCRYPTION).u16be(17).u16be(1).u8(0xFF)
                .u8(1).u8(0).u16be(0).u16be(0).u8(Prelogin.ENCRYPT_NOT_SUP);
        send(TdsMessage.PRELOGIN, prelogin.toByteArray());
        readMessage();
        send(TdsMessage.LOGIN7, login7(user, password));
        return readMessage();
    }

    static byte[] login7(String user, String password) {
        String[] fields = {"rawhost", user, password, "raw-client", "127.0.0.1", "", "raw", "", ""};
        int[] fieldOffsets = {36, 40, 44, 48, 52, -1, 60, 64, 68};
        ByteWriter fixed = new ByteWriter(94);
        for (int i = 0; i < 94; i++) {
            fixed.u8(0);
        }
        ByteWriter data = new ByteWriter();
        byte[] header = fixed.toByteArray();
        int offset = 94;
        for (int i = 0; i < fields.length; i++) {
            if (fieldOffsets[i] < 0) {
                continue;
            }
            byte[] text = fields[i].getBytes(StandardCharsets.UTF_16LE);
            if (i == 2) {
                for (int j = 0; j < text.length; j++) {
                    int b = text[j] & 0xFF;
                    text[j] = (byte) ((((b & 0x0F) << 4) | (b >>> 4)) ^ 0xA5);
                }
            }
            put16(header, fieldOffsets[i], offset);
            put16(header, fieldOffsets[i] + 2, fields[i].length());
            data.bytes(text);
            offset += text.length;
        }
        int total = 94 + data.size();
        put32(header, 0, total);
        put32(header, 4, 0x74000004);
        put32(header, 8, 4096);
        header[24] = (byte) 0xE0;
        header[25] = 0x03;
        return new ByteWriter(total).bytes(header).bytes(data.toByteArray()).toByteArray();
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void put32(byte[] b, int at, int v) {
        put16(b, at, v);
        put16(b, at + 2, v >>> 16);
    }

    /** The ALL_HEADERS block every client sends: one transaction-descriptor header (§5.3). */
    static ByteWriter allHeaders() {
        return new ByteWriter().u32(22).u32(18).u16(2).u64(0).u32(1);
    }

    void send(int type, byte[] payload) throws IOException {
        sendRaw(type, 0x01, payload, payload.length + 8);
    }

    /** A single packet whose header length field says {@code declaredLength}. */
    void sendRaw(int type, int status, byte[] payload, int declaredLength) throws IOException {
        byte[] packet = new byte[8 + payload.length];
        packet[0] = (byte) type;
        packet[1] = (byte) status;
        packet[2] = (byte) (declaredLength >>> 8);
        packet[3] = (byte) declaredLength;
        packet[6] = 1;
        System.arraycopy(payload, 0, packet, 8, payload.length);
        out.write(packet);
        out.flush();
    }

    /** One reply message's payload, or null when the server closed the connection. */
    byte[] readMessage() throws IOException {
        ByteWriter payload = new ByteWriter();
        int status;
        do {
            byte[] header = new byte[8];
            try {
                in.readFully(header);
            } catch (EOFException e) {
                return null;
            }
            status = header[1];
            int length = (header[2] & 0xFF) << 8 | (header[3] & 0xFF);
            byte[] body = new byte[length - 8];
            in.readFully(body);
            payload.bytes(body);
        } while ((status & 0x01) == 0);
        return payload.toByteArray();
    }

    /** True when the server closed the connection (EOF or reset) within the read timeout. */
    boolean serverClosed() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    static int count(byte[] haystack, byte... needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
