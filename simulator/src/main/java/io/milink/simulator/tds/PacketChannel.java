package io.milink.simulator.tds;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The TDS packet layer over a pair of streams (tds-protocol.md §3): reassembles client messages from packets and
 * splits server messages into packets no larger than the negotiated size. The streams can be swapped when TLS
 * starts or (login-only TLS) stops.
 */
final class PacketChannel {
    static final int HEADER = 8;
    /** Largest packet TDS allows; also the bound on what we accept from a client. */
    static final int MAX_PACKET = 32767;
    /** Packet size before LOGIN7 negotiates one. */
    static final int INITIAL_PACKET = 4096;

    private volatile InputStream in;
    private volatile OutputStream out;
    private volatile int packetSize = INITIAL_PACKET;
    private final Object writeLock = new Object();

    PacketChannel(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    void streams(InputStream newIn, OutputStream newOut) {
        this.in = newIn;
        this.out = newOut;
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    void packetSize(int size) {
        this.packetSize = size;
    }

    int packetSize() {
        return packetSize;
    }

    /** Reads one whole message; returns null when the client closed the connection between messages. */
    TdsMessage readMessage() throws IOException {
        return readMessage(in);
    }

    /**
     * Reads one message whose first packet comes from {@code first}; the remaining packets come from the
     * channel's current input (login-only TLS encrypts only the first LOGIN7 packet, §7.3).
     */
    TdsMessage readMessage(InputStream first) throws IOException {
        byte[] header = new byte[HEADER];
        if (!readFully(first, header, true)) {
            return null;
        }
        int type = header[0] & 0xFF;
        int status = header[1] & 0xFF;
        ByteWriter payload = new ByteWriter(Math.max(16, length(header) - HEADER));
        readPayload(first, header, payload);
        int lastStatus = status;
        while ((lastStatus & TdsMessage.STATUS_EOM) == 0) {
            readFully(in, header, false);
            lastStatus = header[1] & 0xFF;
            readPayload(in, header, payload);
        }
        return new TdsMessage(type, status, payload.toByteArray());
    }

    private static int length(byte[] header) {
        return (header[2] & 0xFF) << 8 | (header[3] & 0xFF);
    }

    private static void readPayload(InputStream from, byte[] header, ByteWriter payload) throws IOException {
        int length = length(header);
        if (length < HEADER || length > MAX_PACKET + 1) {
            throw new TdsProtocolException("packet length " + length + " out of range");
        }
        byte[] body = new byte[length - HEADER];
        readFully(from, body, false);
        payload.bytes(body);
    }

    /** @return false on a clean end of stream before the first byte when {@code eofAllowed} */
    private static boolean readFully(InputStream from, byte[] buf, boolean eofAllowed) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = from.read(buf, off, buf.length - off);
            if (n < 0) {
                if (off == 0 && eofAllowed) {
                    return false;
                }
                throw new EOFException("connection closed inside a packet");
            }
            off += n;
        }
        return true;
    }

    /** Sends one message of the given type, split into packets of at most the negotiated size. */
    void writeMessage(int type, byte[] payload) throws IOException {
        writeMessage(out, type, payload, packetSize);
    }

    void writeMessage(OutputStream to, int type, byte[] payload, int maxPacket) throws IOException {
        int chunk = maxPacket - HEADER;
        synchronized (writeLock) {
            int off = 0;
            int packetId = 1;
            do {
                int len = Math.min(chunk, payload.length - off);
                boolean last = off + len >= payload.length;
                byte[] packet = new byte[HEADER + len];
                packet[0] = (byte) type;
                packet[1] = (byte) (last ? TdsMessage.STATUS_EOM : 0);
                packet[2] = (byte) ((HEADER + len) >>> 8);
                packet[3] = (byte) (HEADER + len);
                packet[6] = (byte) packetId++;
                System.arraycopy(payload, off, packet, HEADER, len);
                to.write(packet);
                off += len;
            } while (off < payload.length);
            to.flush();
        }
    }
}
