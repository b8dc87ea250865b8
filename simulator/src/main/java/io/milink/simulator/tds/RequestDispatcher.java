package io.milink.simulator.tds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.milink.simulator.engine.Cancellation;
import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.Parameter;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.SqlType;

/**
 * Runs one SQL_BATCH or RPC request against the engine session and builds its reply tokens
 * (tds-protocol.md §5.3, §5.4). Knows nothing of T-SQL: batch text and RPC arguments go to the engine as they are.
 */
final class RequestDispatcher {
    static final int SP_EXECUTESQL = 10;
    static final int SP_PREPARE = 11;
    static final int SP_EXECUTE = 12;
    static final int SP_PREPEXEC = 13;
    static final int SP_UNPREPARE = 15;

    /** Separates calls of one RPC message (mssql-jdbc executeBatch, §5.4). */
    private static final int BATCH_SEPARATOR = 0xFF;

    private final EngineSession session;
    private final TypeCodec codec;
    private final String serverName;

    RequestDispatcher(EngineSession session, TypeCodec codec, String serverName) {
        this.session = session;
        this.codec = codec;
        this.serverName = serverName;
    }

    TokenWriter newReply() {
        return new TokenWriter(codec, serverName);
    }

    /** SQL_BATCH: ALL_HEADERS, then UCS-2 text with no length field. */
    TokenWriter batch(byte[] payload, Cancellation cancel) {
        ByteReader r = new ByteReader(payload);
        skipAllHeaders(r);
        String sql = new String(payload, r.position(), r.remaining(), StandardCharsets.UTF_16LE);
        TokenWriter reply = newReply();
        TokenSink sink = new TokenSink(reply, TokenWriter.DONE);
        session.executeBatch(sql, sink, cancel);
        sink.closeBatch();
        return reply;
    }

    /** RPC: ALL_HEADERS, then one or more calls separated by 0xFF. */
    TokenWriter rpc(byte[] payload, Cancellation cancel) {
        ByteReader r = new ByteReader(payload);
        skipAllHeaders(r);
        TokenWriter reply = newReply();
        try {
            do {
                call(r, reply, cancel);
                if (cancel.isCancelled()) {
                    break;
                }
            } while (r.hasRemaining() && r.u8() == BATCH_SEPARATOR && r.hasRemaining());
        } catch (ParameterDecoder.UnsupportedParameterTypeException e) {
            // 8016-style: the request cannot be decoded further, but the connection stays usable.
            reply.message(ServerMessage.error(8016, 1, 16, e.getMessage()));
            reply.done(TokenWriter.DONE, TokenWriter.DONE_ERROR, 0, 0);
        }
        return reply;
    }

    private void call(ByteReader r, TokenWriter reply, Cancellation cancel) {
        int nameLength = r.u16();
        String name;
        int procId;
        if (nameLength == 0xFFFF) {
            procId = r.u16();
            name = "";
        } else {
            name = r.ucs2(nameLength);
            procId = procIdOf(name);
        }
        r.u16(); // option flags
        List<Parameter> params = new ArrayList<>();
        while (r.hasRemaining() && r.peekU8() != BATCH_SEPARATOR) {
            params.add(ParameterDecoder.read(r));
        }
        TokenSink sink = new TokenSink(reply, TokenWriter.DONEINPROC);
        int returnStatus = 0;
        Integer newHandle = null;
        switch (procId) {
            case SP_EXECUTESQL -> {
                String sql = text(params, 0);
                String defs = params.size() > 1 ? text(params, 1) : "";
                session.executeSql(sql, defs, tail(params, 2), sink, cancel);
            }
            case SP_PREPARE -> newHandle = session.prepare(text(params, 1), text(params, 2));
            case SP_PREPEXEC -> {
                newHandle = session.prepare(text(params, 1), text(params, 2));
                session.execute(newHandle, tail(params, 3), sink, cancel);
            }
            case SP_EXECUTE -> session.execute(handle(params), tail(params, 1), sink, cancel);
            case SP_UNPREPARE -> session.unprepare(handle(params));
            default -> {
                if (name.isEmpty()) {
                    name = "procedure id " + procId;
                }
                returnStatus = session.executeProcedure(name, params, sink, cancel);
            }
        }
        // Reply shape measured for every proc (§5.4): DONEINPROCs, RETURNSTATUS, RETURNVALUE (handle), DONEPROC.
        reply.returnStatus(returnStatus);
        if (newHandle != null) {
            reply.returnValue(0, params.isEmpty() ? "" : params.get(0).name(), SqlType.integer(), newHandle);
        }
        reply.done(TokenWriter.DONEPROC, sink.anyFailed() ? TokenWriter.DONE_ERROR : 0, 0, 0);
    }

    /** Clients such as tedious call the system procedures by name; route them like their ProcIDs. */
    static int procIdOf(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"master.", "sys.", "dbo.", "."}) {
            while (n.startsWith(prefix)) {
                n = n.substring(prefix.length());
            }
        }
        return switch (n) {
            case "sp_executesql" -> SP_EXECUTESQL;
            case "sp_prepare" -> SP_PREPARE;
            case "sp_execute" -> SP_EXECUTE;
            case "sp_prepexec" -> SP_PREPEXEC;
            case "sp_unprepare" -> SP_UNPREPARE;
            default -> -1;
        };
    }

    private static String text(List<Parameter> params, int index) {
        if (index >= params.size() || params.get(index).value() == null) {
            return "";
        }
        return params.get(index).value().toString();
    }

    private static int handle(List<Parameter> params) {
        Object v = params.isEmpty() ? null : params.get(0).value();
        return v instanceof Number n ? n.intValue() : 0;
    }

    private static List<Parameter> tail(List<Parameter> params, int from) {
        return from >= params.size() ? List.of() : List.copyOf(params.subList(from, params.size()));
    }

    /** ALL_HEADERS: DWORD total length counting itself, then headers (§5.3). */
    static void skipAllHeaders(ByteReader r) {
        if (r.remaining() < 4) {
            throw new TdsProtocolException("request without ALL_HEADERS");
        }
        long total = r.u32();
        if (total < 4 || total > r.array().length) {
            throw new TdsProtocolException("ALL_HEADERS length " + total + " out of range");
        }
        r.position((int) total);
    }
}
