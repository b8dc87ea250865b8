package io.milink.simulator.tds;

import java.util.List;

import io.milink.simulator.engine.Column;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.StatementKind;

/**
 * Builds one reply message out of tokens (tds-protocol.md §5.1). Every DONE-family token is written with MORE set;
 * {@link #finish()} clears MORE on the last one, as the measured replies do (§5.1 "DONE row counts").
 */
final class TokenWriter {
    static final int COLMETADATA = 0x81;
    static final int ROW = 0xD1;
    static final int NBCROW = 0xD2;
    static final int ERROR = 0xAA;
    static final int INFO = 0xAB;
    static final int LOGINACK = 0xAD;
    static final int FEATUREEXTACK = 0xAE;
    static final int ENVCHANGE = 0xE3;
    static final int RETURNSTATUS = 0x79;
    static final int RETURNVALUE = 0xAC;
    static final int DONE = 0xFD;
    static final int DONEPROC = 0xFE;
    static final int DONEINPROC = 0xFF;

    static final int DONE_MORE = 0x01;
    static final int DONE_ERROR = 0x02;
    static final int DONE_COUNT = 0x10;
    static final int DONE_ATTN = 0x20;

    static final int ENV_DATABASE = 1;
    static final int ENV_LANGUAGE = 2;
    static final int ENV_PACKET_SIZE = 4;
    static final int ENV_COLLATION = 7;
    static final int ENV_BEGIN_TRAN = 8;
    static final int ENV_COMMIT_TRAN = 9;
    static final int ENV_ROLLBACK_TRAN = 10;

    private final ByteWriter w = new ByteWriter(512);
    private final TypeCodec codec;
    private final String serverName;
    private int lastDoneStatusAt = -1;

    TokenWriter(TypeCodec codec, String serverName) {
        this.codec = codec;
        this.serverName = serverName == null ? "" : serverName;
    }

    boolean isEmpty() {
        return w.size() == 0;
    }

    int size() {
        return w.size();
    }

    // ---- ENVCHANGE ----

    void envChangeString(int type, String newValue, String oldValue) {
        ByteWriter body = new ByteWriter(64).u8(type).bVarchar(newValue).bVarchar(oldValue);
        w.u8(ENVCHANGE).u16(body.size()).bytes(body.toByteArray());
    }

    void envChangeBytes(int type, byte[] newValue, byte[] oldValue) {
        ByteWriter body = new ByteWriter(32).u8(type).u8(newValue.length).bytes(newValue).u8(oldValue.length)
                .bytes(oldValue);
        w.u8(ENVCHANGE).u16(body.size()).bytes(body.toByteArray());
    }

    void envChangeTransaction(int type, long descriptor) {
        byte[] d = new ByteWriter(8).u64(descriptor).toByteArray();
        if (type == ENV_BEGIN_TRAN) {
            envChangeBytes(type, d, new byte[0]);
        } else {
            envChangeBytes(type, new byte[0], d);
        }
    }

    // ---- login ----

    /** LOGINACK (§5.1): interface 1 (T-SQL), TDS version big-endian, program name, 4-byte version. */
    void loginAck(int tdsVersion, String programName, int[] version) {
        ByteWriter body = new ByteWriter(64).u8(1).u32be(tdsVersion).bVarchar(programName)
                .u8(version[0]).u8(version[1]).u8(version[2]).u8(version[3]);
        w.u8(LOGINACK).u16(body.size()).bytes(body.toByteArray());
    }

    /** FEATUREEXTACK with no features acknowledged: mssql-jdbc accepts it (§4.3). */
    void emptyFeatureExtAck() {
        w.u8(FEATUREEXTACK).u8(0xFF);
    }

    // ---- messages ----

    void message(ServerMessage m) {
        ByteWriter body = new ByteWriter(128).u32(m.number()).u8(m.state()).u8(m.severity()).usVarchar(m.text())
                .bVarchar(serverName).bVarchar(m.procedure()).u32(m.line());
        w.u8(m.isError() ? ERROR : INFO).u16(body.size()).bytes(body.toByteArray());
    }

    // ---- result sets ----

    void columnMetadata(List<Column> columns) {
        w.u8(COLMETADATA).u16(columns.size());
        for (Column c : columns) {
            w.u32(0).u16(c.nullable() ? 0x0001 : 0x0000);
            codec.writeTypeInfo(w, c.type());
            w.bVarchar(c.name());
        }
    }

    /** ROW, or NBCROW when any value is NULL (§5.2). */
    void row(List<Column> columns, Object[] values) {
        boolean anyNull = false;
        for (Object v : values) {
            anyNull |= v == null;
        }
        if (!anyNull) {
            w.u8(ROW);
            for (int i = 0; i < values.length; i++) {
                codec.writeValue(w, columns.get(i).type(), values[i]);
            }
            return;
        }
        w.u8(NBCROW);
        byte[] bitmap = new byte[(values.length + 7) / 8];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                bitmap[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        w.bytes(bitmap);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                codec.writeValue(w, columns.get(i).type(), values[i]);
            }
        }
    }

    // ---- procedures ----

    void returnStatus(int status) {
        w.u8(RETURNSTATUS).u32(status);
    }

    /** RETURNVALUE (§5.1): ordinal, name, status 0x01 (output), UserType, flags, TYPE_INFO, value. */
    void returnValue(int ordinal, String name, SqlType type, Object value) {
        w.u8(RETURNVALUE).u16(ordinal).bVarchar(name).u8(0x01).u32(0).u16(0x0001);
        codec.writeTypeInfo(w, type);
        codec.writeValue(w, type, value);
    }

    // ---- DONE family ----

    void done(int token, int status, int curCmd, long rowCount) {
        w.u8(token);
        lastDoneStatusAt = w.size();
        w.u16(status | DONE_MORE).u16(curCmd).u64(Math.max(0, rowCount));
    }

    static int curCmd(StatementKind kind) {
        return switch (kind) {
            case SELECT -> 0xC1;
            case INSERT -> 0xC3;
            case DELETE -> 0xC4;
            case UPDATE -> 0xC5;
            case DBCC -> 0xE6;
            case EXECUTE -> 0xE0;
            case OTHER -> 0;
        };
    }

    /** The reply bytes, with MORE cleared on the final DONE token. */
    byte[] finish() {
        if (lastDoneStatusAt >= 0) {
            w.set(lastDoneStatusAt, (byte) (w.get(lastDoneStatusAt) & ~DONE_MORE));
        }
        return w.toByteArray();
    }

    static byte[] standaloneDone(int status) {
        return new ByteWriter(13).u8(DONE).u16(status).u16(0).u64(0).toByteArray();
    }

}
