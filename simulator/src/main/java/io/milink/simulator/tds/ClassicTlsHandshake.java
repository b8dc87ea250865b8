package io.milink.simulator.tds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Classic TLS (tds-protocol.md §7.2): after a PRELOGIN reply of ENCRYPT_ON or ENCRYPT_OFF, the TLS handshake
 * records travel as payloads of PRELOGIN (0x12) packets; once it completes, raw TLS records flow over TCP.
 *
 * <p>JSSE runs on a {@link LayeringSocket}. During the handshake its reads unwrap 0x12 packets and its writes are
 * buffered; the buffer goes out as one 0x12 message right before the next read and once more after the handshake
 * (JSSE's own flushes are ignored). Pinned to TLSv1.2: with TLS 1.3 mssql-jdbc never sends its last flight, because
 * it only flushes handshake bytes when it needs to read.
 */
final class ClassicTlsHandshake {

    /** The established TLS session and the streams under it. */
    record Established(SSLSocket socket, SwitchableStreams streams) {
        /** Stops using TLS (login-only encryption, §7.3): the SSLSocket can no longer reach the TCP stream. */
        void abandon() {
            streams.detach();
            try {
                socket.close();
            } catch (IOException e) {
                // Nothing left to release: the streams are already detached.
            }
        }
    }

    private ClassicTlsHandshake() {
    }

    static Established run(Socket raw, InputStream rawIn, OutputStream rawOut, SSLContext context, PacketChannel channel)
            throws IOException {
        FramedOutput framedOut = new FramedOutput(rawOut, channel);
        FramedInput framedIn = new FramedInput(rawIn, framedOut);
        SwitchableStreams streams = new SwitchableStreams(framedIn, framedOut);
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(new LayeringSocket(raw, streams),
                raw.getInetAddress().getHostAddress(), raw.getPort(), false);
        ssl.setUseClientMode(false);
        ssl.setEnabledProtocols(new String[] {"TLSv1.2"});
        ssl.startHandshake();
        framedOut.send();
        streams.target(rawIn, rawOut);
        return new Established(ssl, streams);
    }

    /** Collects JSSE's handshake output until it is sent as one PRELOGIN message. */
    private static final class FramedOutput extends OutputStream {
        private final OutputStream rawOut;
        private final PacketChannel channel;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        FramedOutput(OutputStream rawOut, PacketChannel channel) {
            this.rawOut = rawOut;
            this.channel = channel;
        }

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() {
            // Ignored on purpose: the flight is sent as a whole before the next read.
        }

        void send() throws IOException {
            if (pending.size() > 0) {
                channel.writeMessage(rawOut, TdsMessage.PRELOGIN, pending.toByteArray(), PacketChannel.INITIAL_PACKET);
                pending.reset();
            }
        }
    }

    /** Serves the payloads of incoming 0x12 packets as one byte stream. */
    private static final class FramedInput extends InputStream {
        private final InputStream rawIn;
        private final FramedOutput out;
        private byte[] current = new byte[0];
        private int pos;

        FramedInput(InputStream rawIn, FramedOutput out) {
            this.rawIn = rawIn;
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos >= current.length) {
                out.send();
                byte[] header = rawIn.readNBytes(PacketChannel.HEADER);
                if (header.length < PacketChannel.HEADER) {
                    return -1;
                }
                int length = (header[2] & 0xFF) << 8 | (header[3] & 0xFF);
                if (length < PacketChannel.HEADER) {
                    throw new TdsProtocolException("handshake packet length " + length);
                }
                current = rawIn.readNBytes(length - PacketChannel.HEADER);
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - pos;
        }
    }
}
