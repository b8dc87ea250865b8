package io.milink.simulator.tds;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The {@link Socket} a server {@code SSLSocket} is layered on for classic TLS (tds-protocol.md §7.2): it reports
 * itself connected and hands JSSE the switchable streams, forwarding everything else to the real socket. Closing
 * it does not close the real socket; the connection owns that.
 */
final class LayeringSocket extends Socket {
    private final Socket real;
    private final SwitchableStreams streams;

    LayeringSocket(Socket real, SwitchableStreams streams) {
        this.real = real;
        this.streams = streams;
    }

    @Override
    public InputStream getInputStream() {
        return streams.in;
    }

    @Override
    public OutputStream getOutputStream() {
        return streams.out;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return real.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return real.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return real.isOutputShutdown();
    }

    @Override
    public void shutdownInput() {
        // The TCP stream belongs to the TDS connection.
    }

    @Override
    public void shutdownOutput() {
        // The TCP stream belongs to the TDS connection.
    }

    @Override
    public synchronized void close() {
        // The TCP stream belongs to the TDS connection.
    }

    @Override
    public InetAddress getInetAddress() {
        return real.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return real.getLocalAddress();
    }

    @Override
    public int getPort() {
        return real.getPort();
    }

    @Override
    public int getLocalPort() {
        return real.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return real.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return real.getLocalSocketAddress();
    }

    @Override
    public synchronized int getSoTimeout() throws SocketException {
        return real.getSoTimeout();
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
        real.setSoTimeout(timeout);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return real.getSoLinger();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        // Linger is the TDS connection's business.
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return real.getTcpNoDelay();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        real.setTcpNoDelay(on);
    }

    @Override
    public String toString() {
        return "LayeringSocket[" + real + "]";
    }
}
