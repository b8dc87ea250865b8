package io.milink.simulator.tds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.milink.simulator.engine.Cancellation;
import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.FaultPlan;
import io.milink.simulator.engine.LoginFailedException;
import io.milink.simulator.engine.ServerIdentity;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.TsqlEngine;

/**
 * One client connection, from the first byte to close (tds-protocol.md §3 flow): strict-TLS detection,
 * PRELOGIN, classic or login-only TLS, LOGIN7, then the request loop. Any protocol error or engine bug closes this
 * connection only.
 */
final class TdsConnection {
    private static final System.Logger LOG = System.getLogger(TdsConnection.class.getName());
    private static final int TLS_RECORD = 0x16;
    /** mssql-jdbc refuses a negotiated size above 16384 on an encrypted connection (§3). */
    private static final int MAX_TLS_PACKET = 16384;
    private static final int TDS_VERSION_74 = 0x74000004;
    private static final int LOGIN_TIMEOUT_MILLIS = 30_000;

    private final int id;
    private final Socket socket;
    private final TsqlEngine engine;
    private final FaultPlan faults;
    private final SSLContext tls;
    private final Consumer<TdsConnection> onClosed;
    /** Counts each SQL_BATCH, RPC or transaction-manager request: one request is one client round trip. */
    private final Runnable onRequest;
    private final Consumer<TlsMode> onNegotiated;
    private final Thread thread;
    private volatile InboundQueue inbound;
    private volatile boolean closed;
    /** Set once the login succeeded: what {@link TdsServer#sessionEncryption(int)} reports. */
    private volatile SessionEncryption encryption;
    private volatile int spid;

    TdsConnection(int id, Socket socket, TsqlEngine engine, FaultPlan faults, SSLContext tls,
                  Consumer<TdsConnection> onClosed, Consumer<TlsMode> onNegotiated, Runnable onRequest) {
        this.id = id;
        this.socket = socket;
        this.engine = engine;
        this.faults = faults;
        this.tls = tls;
        this.onClosed = onClosed;
        this.onNegotiated = onNegotiated;
        this.onRequest = onRequest;
        this.thread = new Thread(this::run, "tds-conn-" + id);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing TDS connection " + id + ": " + e);
        }
    }

    void join(long deadlineNanos) {
        TdsServer.join(thread, deadlineNanos);
        InboundQueue q = inbound;
        if (q != null) {
            TdsServer.join(q.thread(), deadlineNanos);
        }
    }

    private void run() {
        EngineSession session = null;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(LOGIN_TIMEOUT_MILLIS);
            ServerIdentity identity = engine.identity();
            Negotiated link = negotiate(identity);
            if (link == null) {
                return;
            }
            onNegotiated.accept(link.mode());
            session = login(link, identity);
            if (session == null) {
                return;
            }
            socket.setSoTimeout(0);
            spid = session.spid();
            encryption = new SessionEncryption(link.mode().name(), link.tlsProtocol(), link.encrypted());
            serve(link, session, identity);
        } catch (SocketException | java.io.EOFException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, "TDS connection " + id + " ended: " + e);
            }
        } catch (javax.net.ssl.SSLException e) {
            // A client that does not trust the certificate aborts the handshake: its business, not a twin fault.
            LOG.log(System.Logger.Level.INFO, "TDS connection " + id + ": TLS failed: " + e);
        } catch (IOException | TdsProtocolException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "TDS connection " + id + " closed after a protocol error: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "TDS connection " + id + " closed after an internal error: " + e);
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing the engine session of connection " + id + ": " + e);
                }
            }
            close();
            onClosed.accept(this);
        }
    }

    /** The channel after PRELOGIN and any TLS set-up, and whether the connection stays encrypted. */
    private record Negotiated(PacketChannel channel, boolean encrypted, ClassicTlsHandshake.Established loginOnlyTls,
                              InputStream rawIn, OutputStream rawOut, TlsMode mode, String tlsProtocol) {}

    /** The session's SPID and how its traffic is protected, once logged in; null before. */
    SessionEncryption encryptionOf(int sessionSpid) {
        SessionEncryption e = encryption;
        return e != null && spid == sessionSpid ? e : null;
    }

    private Negotiated negotiate(ServerIdentity identity) throws IOException {
        InputStream rawIn = socket.getInputStream();
        OutputStream rawOut = socket.getOutputStream();
        int first = rawIn.read();
        if (first < 0) {
            return null;
        }
        if (first == TLS_RECORD) {
            return strict(identity);
        }
        PushbackInputStream in = new PushbackInputStream(rawIn, 1);
        in.unread(first);
        PacketChannel channel = new PacketChannel(in, rawOut);
        TdsMessage prelogin = channel.readMessage();
        if (prelogin == null) {
            return null;
        }
        if (prelogin.type() != TdsMessage.PRELOGIN) {
            throw new TdsProtocolException("expected PRELOGIN, got message type " + prelogin.type());
        }
        int requested = Prelogin.clientEncryption(prelogin.payload());
        int answer = encryptionAnswer(requested);
        delayReply();
        channel.writeMessage(TdsMessage.REPLY, Prelogin.reply(Prelogin.versionBytes(identity.productVersion()), answer));
        if (answer == Prelogin.ENCRYPT_NOT_SUP) {
            return new Negotiated(channel, false, null, in, rawOut, TlsMode.NONE, null);
        }
        ClassicTlsHandshake.Established established = ClassicTlsHandshake.run(socket, in, rawOut, tls, channel);
        String protocol = established.socket().getSession().getProtocol();
        if (answer == Prelogin.ENCRYPT_ON) {
            channel.streams(established.socket().getInputStream(), established.socket().getOutputStream());
            return new Negotiated(channel, true, null, in, rawOut, TlsMode.CLASSIC, protocol);
        }
        return new Negotiated(channel, false, established, in, rawOut, TlsMode.LOGIN_ONLY, protocol);
    }

    /**
     * Encryption decision (§4.1): no certificate → NOT_SUP; client ON/REQ → ON (classic TLS); client OFF →
     * OFF (login-only TLS, as SQL Server does); client NOT_SUP → NOT_SUP.
     */
    private int encryptionAnswer(int requested) {
        if (tls == null) {
            return Prelogin.ENCRYPT_NOT_SUP;
        }
        return switch (requested) {
            case Prelogin.ENCRYPT_ON, Prelogin.ENCRYPT_REQ -> Prelogin.ENCRYPT_ON;
            case Prelogin.ENCRYPT_OFF -> Prelogin.ENCRYPT_OFF;
            default -> Prelogin.ENCRYPT_NOT_SUP;
        };
    }

    /** TDS 8.0 (§7.1): TLS from the first byte with ALPN tds/8.0, then PRELOGIN inside TLS. */
    private Negotiated strict(ServerIdentity identity) throws IOException {
        if (tls == null) {
            LOG.log(System.Logger.Level.INFO, "TDS connection " + id + " asked for strict TLS but no certificate is configured");
            return null;
        }
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket,
                new java.io.ByteArrayInputStream(new byte[] {TLS_RECORD}), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"tds/8.0"});
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        PacketChannel channel = new PacketChannel(ssl.getInputStream(), ssl.getOutputStream());
        TdsMessage prelogin = channel.readMessage();
        if (prelogin == null) {
            return null;
        }
        if (prelogin.type() != TdsMessage.PRELOGIN) {
            throw new TdsProtocolException("expected PRELOGIN inside strict TLS, got type " + prelogin.type());
        }
        // Already encrypted: the measured answer inside strict TLS is NOT_SUP (no further TLS step).
        delayReply();
        channel.writeMessage(TdsMessage.REPLY,
                Prelogin.reply(Prelogin.versionBytes(identity.productVersion()), Prelogin.ENCRYPT_NOT_SUP));
        return new Negotiated(channel, true, null, ssl.getInputStream(), ssl.getOutputStream(), TlsMode.STRICT,
                ssl.getSession().getProtocol());
    }

    private EngineSession login(Negotiated link, ServerIdentity identity) throws IOException {
        PacketChannel channel = link.channel();
        TdsMessage loginMessage;
        if (link.loginOnlyTls() != null) {
            // §7.3: only the first LOGIN7 packet is encrypted; everything after it is plaintext.
            InputStream tlsIn = link.loginOnlyTls().socket().getInputStream();
            channel.streams(link.rawIn(), link.rawOut());
            loginMessage = channel.readMessage(tlsIn);
            link.loginOnlyTls().abandon();
        } else {
            loginMessage = channel.readMessage();
        }
        if (loginMessage == null) {
            return null;
        }
        if (loginMessage.type() != TdsMessage.LOGIN7) {
            throw new TdsProtocolException("expected LOGIN7, got message type " + loginMessage.type());
        }
        Login7Decoder.Login7 login = Login7Decoder.decode(loginMessage.payload());
        byte[] collation = Collations.encode(identity.collation());
        TypeCodec codec = new TypeCodec(collation);
        TokenWriter reply = new TokenWriter(codec, identity.serverName());
        EngineSession session;
        try {
            session = engine.login(login.request());
        } catch (LoginFailedException e) {
            for (ServerMessage m : e.messages()) {
                reply.message(m);
            }
            reply.done(TokenWriter.DONE, TokenWriter.DONE_ERROR, 0, 0);
            delayReply();
            channel.writeMessage(TdsMessage.REPLY, reply.finish());
            LOG.log(System.Logger.Level.DEBUG, "TDS connection " + id + ": login refused for " + login.request().userName());
            return null;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "TDS connection " + id + ": engine failed at login: " + e);
            reply.message(internalError(e));
            reply.done(TokenWriter.DONE, TokenWriter.DONE_ERROR, 0, 0);
            channel.writeMessage(TdsMessage.REPLY, reply.finish());
            return null;
        }
        int packetSize = negotiatedPacketSize(login.request().packetSize(), link.encrypted() || link.loginOnlyTls() != null);
        String database = session.database();
        reply.envChangeString(TokenWriter.ENV_DATABASE, database, "master");
        reply.message(new ServerMessage(5701, 2, 0, "Changed database context to '" + database + "'.", "", 1));
        reply.envChangeBytes(TokenWriter.ENV_COLLATION, collation, new byte[0]);
        String language = session.language();
        reply.envChangeString(TokenWriter.ENV_LANGUAGE, language, "");
        reply.message(new ServerMessage(5703, 1, 0, "Changed language setting to " + language + ".", "", 1));
        reply.loginAck(TDS_VERSION_74, identity.programName(), Prelogin.versionBytes(identity.productVersion()));
        if (login.hasFeatureExt()) {
            // Acknowledge none of login.features(): the twin offers no session recovery, column encryption or
            // UTF-8 negotiation, and mssql-jdbc accepts the empty ack (§4.3).
            reply.emptyFeatureExtAck();
        }
        reply.envChangeString(TokenWriter.ENV_PACKET_SIZE, Integer.toString(packetSize),
                Integer.toString(PacketChannel.INITIAL_PACKET));
        reply.done(TokenWriter.DONE, 0, 0, 0);
        delayReply();
        channel.writeMessage(TdsMessage.REPLY, reply.finish());
        channel.packetSize(packetSize);
        return session;
    }

    static int negotiatedPacketSize(int requested, boolean tlsUsed) {
        int size = requested <= 0 ? PacketChannel.INITIAL_PACKET : requested;
        size = Math.max(512, Math.min(size, PacketChannel.MAX_PACKET));
        return tlsUsed ? Math.min(size, MAX_TLS_PACKET) : size;
    }

    private void serve(Negotiated link, EngineSession session, ServerIdentity identity)
            throws IOException, InterruptedException {
        PacketChannel channel = link.channel();
        TypeCodec codec = new TypeCodec(Collations.encode(identity.collation()));
        RequestDispatcher dispatcher = new RequestDispatcher(session, codec, identity.serverName());
        InboundQueue queue = new InboundQueue(channel, "tds-conn-" + id + "-reader");
        inbound = queue;
        queue.start();
        int requests = 0;
        while (!closed) {
            TdsMessage message = queue.take();
            if (message == null) {
                return;
            }
            if (message.type() == TdsMessage.ATTENTION) {
                // The request had already been answered: only the attention acknowledgement is left (§5.6).
                channel.writeMessage(TdsMessage.REPLY, TokenWriter.standaloneDone(TokenWriter.DONE_ATTN));
                continue;
            }
            requests++;
            onRequest.run();
            if (faults.dropConnectionAfterRequests() > 0 && requests == faults.dropConnectionAfterRequests()) {
                LOG.log(System.Logger.Level.INFO, "TDS connection " + id + ": fault plan drops the connection at request " + requests);
                return;
            }
            Cancellation cancel = queue.beginRequest();
            TokenWriter reply;
            boolean fatal = false;
            try {
                if (message.resetConnection()) {
                    // A pooled client reused the connection (§6): reset before running the request it came with.
                    session.reset();
                }
                reply = switch (message.type()) {
                    case TdsMessage.SQL_BATCH -> dispatcher.batch(message.payload(), cancel);
                    case TdsMessage.RPC -> dispatcher.rpc(message.payload(), cancel);
                    case TdsMessage.TRANSACTION_MANAGER -> unsupported(dispatcher, "The SQL Server twin does not "
                            + "support transaction manager (DTC) requests. They are valid TDS that the twin does "
                            + "not model (a limitation of the twin, not a SQL Server error).");
                    default -> throw new TdsProtocolException("unexpected message type " + message.type());
                };
            } catch (TdsProtocolException e) {
                throw e;
            } catch (RuntimeException e) {
                // An engine bug: tell the client like a severe server error, then drop the connection.
                LOG.log(System.Logger.Level.WARNING, "TDS connection " + id + ": engine failed: " + e);
                reply = dispatcher.newReply();
                reply.message(internalError(e));
                reply.done(TokenWriter.DONE, TokenWriter.DONE_ERROR, 0, 0);
                fatal = true;
            }
            boolean attention = queue.endRequest();
            if (attention) {
                // §5.6: end the interrupted reply with DONE(ERROR), then acknowledge in a separate message.
                reply.done(TokenWriter.DONE, TokenWriter.DONE_ERROR, 0, 0);
            }
            delayReply();
            channel.writeMessage(TdsMessage.REPLY, reply.finish());
            if (attention) {
                channel.writeMessage(TdsMessage.REPLY, TokenWriter.standaloneDone(TokenWriter.DONE_ATTN));
            }
            if (fatal) {
                return;
            }
        }
    }

    /** What the client sees of an engine bug: a severity-20 error, after which the connection closes. */
    private static ServerMessage internalError(RuntimeException e) {
        return ServerMessage.error(50000, 1, 20, "The SQL Server twin failed internally: " + e.getClass().getSimpleName());
    }

    private static TokenWriter unsupported(RequestDispatcher dispatcher, String text) {
        TokenWriter reply = dispatcher.newReply();
        // 50000, RAISERROR's user-message number, as for the T-SQL the twin does not model: no real error is claimed.
        reply.message(ServerMessage.error(50000, 1, 16, text));
        reply.done(TokenWriter.DONE, TokenWriter.DONE_ERROR, 0, 0);
        return reply;
    }

    /** FaultPlan.replyDelay: before the PRELOGIN reply, the login reply and every request's reply. */
    private void delayReply() throws java.io.InterruptedIOException {
        long millis = faults.replyDelay().toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted during the injected reply delay");
            }
        }
    }

}
