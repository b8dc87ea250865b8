package io.milink.simulator.tds;

import static io.milink.simulator.tds.TypeCodec.*;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.LocalTime;

import io.milink.simulator.engine.Parameter;
import io.milink.simulator.engine.SqlType;

/**
 * Decodes one RPC parameter (tds-protocol.md §5.4): B_VARCHAR name, status byte, TYPE_INFO, value. Covers what
 * mssql-jdbc sends for its setters (INTN, BITN, FLTN, DECIMALN, NVARCHAR/BIGVARCHR incl. PLP, BIGVARBIN incl. PLP,
 * DATEN, DATETIME2N, DATETIMN, GUID) plus the fixed-length types other clients use (MS-TDS 2.2.5.4.1).
 */
final class ParameterDecoder {

    /** A parameter type the twin cannot map to a {@link SqlType}; reported to the client as an error. */
    static final class UnsupportedParameterTypeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedParameterTypeException(int type) {
            super(String.format("The SQL Server twin does not support RPC parameters of TDS type 0x%02X.", type));
        }
    }

    private ParameterDecoder() {
    }

    static Parameter read(ByteReader r) {
        String name = r.bVarchar();
        int status = r.u8();
        boolean output = (status & 0x01) != 0;
        int type = r.u8();
        return switch (type) {
            case INTN -> {
                int len = r.u8();
                SqlType t = intType(len, type);
                int actual = r.u8();
                yield param(name, t, actual == 0 ? null : intValue(r, actual), output);
            }
            case INT1 -> param(name, SqlType.tinyint(), (short) r.u8(), output);
            case INT2 -> param(name, SqlType.smallint(), (short) r.u16(), output);
            case INT4 -> param(name, SqlType.integer(), r.i32(), output);
            case INT8 -> param(name, SqlType.bigint(), r.i64(), output);
            case BIT -> param(name, SqlType.bit(), r.u8() != 0, output);
            case BITN -> {
                r.u8();
                int actual = r.u8();
                yield param(name, SqlType.bit(), actual == 0 ? null : r.uN(actual) != 0, output);
            }
            case FLT8 -> param(name, SqlType.floatType(), Double.longBitsToDouble(r.i64()), output);
            case FLT4 -> param(name, SqlType.floatType(), (double) Float.intBitsToFloat(r.i32()), output);
            case FLTN -> {
                r.u8();
                int actual = r.u8();
                Double v = actual == 0 ? null
                        : actual == 4 ? (double) Float.intBitsToFloat(r.i32()) : Double.longBitsToDouble(r.i64());
                yield param(name, SqlType.floatType(), v, output);
            }
            case DECIMALN, NUMERICN -> {
                r.u8();
                int precision = r.u8();
                int scale = r.u8();
                int actual = r.u8();
                BigDecimal v = actual == 0 ? null : readDecimalBody(r, actual, scale);
                yield param(name, SqlType.decimal(precision, scale), v, output);
            }
            case NVARCHAR, NCHAR -> {
                int max = r.u16();
                r.skip(5);
                SqlType t = max == 0xFFFF ? SqlType.nvarcharMax() : SqlType.nvarchar(Math.max(1, max / 2));
                byte[] bytes = max == 0xFFFF ? readPlp(r) : readShortBytes(r);
                yield param(name, t, bytes == null ? null : new String(bytes, StandardCharsets.UTF_16LE), output);
            }
            case BIGVARCHR, BIGCHAR -> {
                int max = r.u16();
                Charset cs = Collations.charset(r.bytes(5));
                SqlType t = max == 0xFFFF ? SqlType.varcharMax() : SqlType.varchar(Math.max(1, max));
                byte[] bytes = max == 0xFFFF ? readPlp(r) : readShortBytes(r);
                yield param(name, t, bytes == null ? null : new String(bytes, cs), output);
            }
            case BIGVARBIN, BIGBINARY -> {
                int max = r.u16();
                SqlType t = max == 0xFFFF ? SqlType.varbinaryMax() : SqlType.varbinary(Math.max(1, max));
                yield param(name, t, max == 0xFFFF ? readPlp(r) : readShortBytes(r), output);
            }
            case DATEN -> {
                int actual = r.u8();
                yield param(name, SqlType.date(), actual == 0 ? null : DATE_BASE.plusDays(r.uN(3)), output);
            }
            case DATETIME2N -> {
                int scale = r.u8();
                int actual = r.u8();
                yield param(name, SqlType.datetime2(scale), actual == 0 ? null : readDateTime2Body(r, scale), output);
            }
            case DATETIME -> param(name, SqlType.datetime(), readDatetime(r), output);
            case DATETIM4 -> param(name, SqlType.datetime(), smallDatetime(r), output);
            case DATETIMN -> {
                r.u8();
                int actual = r.u8();
                LocalDateTime v = actual == 0 ? null : actual == 4 ? smallDatetime(r) : readDatetime(r);
                yield param(name, SqlType.datetime(), v, output);
            }
            case GUID -> {
                r.u8();
                int actual = r.u8();
                yield param(name, SqlType.uniqueidentifier(), actual == 0 ? null : guidFromBytes(r.bytes(16)), output);
            }
            default -> throw new UnsupportedParameterTypeException(type);
        };
    }

    private static Parameter param(String name, SqlType type, Object value, boolean output) {
        return new Parameter(name, type, value, output);
    }

    private static SqlType intType(int len, int type) {
        return switch (len) {
            case 1 -> SqlType.tinyint();
            case 2 -> SqlType.smallint();
            case 4 -> SqlType.integer();
            case 8 -> SqlType.bigint();
            default -> throw new UnsupportedParameterTypeException(type);
        };
    }

    /** INTN values in the Java types {@link SqlType} names: Short for tinyint/smallint, Integer, Long. */
    private static Object intValue(ByteReader r, int len) {
        return switch (len) {
            case 1 -> (short) r.u8();
            case 2 -> (short) r.u16();
            case 4 -> r.i32();
            case 8 -> r.i64();
            default -> throw new TdsProtocolException("INTN value of " + len + " bytes");
        };
    }

    private static LocalDateTime smallDatetime(ByteReader r) {
        int days = r.u16();
        int minutes = r.u16();
        return LocalDateTime.of(DATETIME_BASE.plusDays(days), LocalTime.MIDNIGHT).plusMinutes(minutes);
    }

    private static byte[] readShortBytes(ByteReader r) {
        int len = r.u16();
        return len == 0xFFFF ? null : r.bytes(len);
    }

    /** PLP: ULONGLONG total (all ones = NULL), then DWORD-length chunks up to a zero-length one (§5.2). */
    static byte[] readPlp(ByteReader r) {
        long total = r.i64();
        if (total == PLP_NULL) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total > 0 && total < (1 << 24) ? (int) total : 64);
        while (true) {
            long chunk = r.u32();
            if (chunk == 0) {
                break;
            }
            if (chunk > r.remaining()) {
                throw new TdsProtocolException("PLP chunk of " + chunk + " bytes past the message end");
            }
            out.write(r.array(), r.position(), (int) chunk);
            r.skip((int) chunk);
        }
        return out.toByteArray();
    }
}
