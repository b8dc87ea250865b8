package io.milink.simulator.tds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An input/output stream pair whose targets can be replaced: during the classic TLS handshake JSSE reads and
 * writes TDS-framed bytes, afterwards the raw socket, and (login-only TLS) finally nothing at all (§7.2, §7.3).
 */
final class SwitchableStreams {
    private volatile InputStream inTarget;
    private volatile OutputStream outTarget;

    final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            return inTarget.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return inTarget.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return inTarget.available();
        }
    };

    final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            outTarget.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            outTarget.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            outTarget.flush();
        }
    };

    SwitchableStreams(InputStream in, OutputStream out) {
        this.inTarget = in;
        this.outTarget = out;
    }

    void target(InputStream newIn, OutputStream newOut) {
        this.inTarget = newIn;
        this.outTarget = newOut;
    }

    /** Points both sides at null streams so a discarded SSLSocket can never touch the TCP stream again (§7.3). */
    void detach() {
        target(InputStream.nullInputStream(), OutputStream.nullOutputStream());
    }
}
