package io.milink.simulator.tds;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.UUID;

import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.SqlTypeKind;
import io.milink.simulator.engine.SqlVariant;

/**
 * Writes TYPE_INFO and values of result columns (COLMETADATA/ROW, RETURNVALUE) for every {@link SqlTypeKind}.
 * Layouts: tds-protocol.md §5.2 for the measured types, MS-TDS 2.2.5.4–2.2.5.5 for DECIMALN, GUID, DATEN,
 * DATETIMN, BIGVARCHR and sql_variant base types.
 */
final class TypeCodec {
    static final int INTN = 0x26;
    static final int BITN = 0x68;
    static final int DECIMALN = 0x6A;
    static final int NUMERICN = 0x6C;
    static final int FLTN = 0x6D;
    static final int DATETIMN = 0x6F;
    static final int DATEN = 0x28;
    static final int TIMEN = 0x29;
    static final int DATETIME2N = 0x2A;
    static final int GUID = 0x24;
    static final int NVARCHAR = 0xE7;
    static final int NCHAR = 0xEF;
    static final int BIGVARCHR = 0xA7;
    static final int BIGCHAR = 0xAF;
    static final int BIGVARBIN = 0xA5;
    static final int BIGBINARY = 0xAD;
    static final int SSVARIANT = 0x62;
    // Fixed-length types: sql_variant base types, and what some clients send as parameters.
    static final int INT1 = 0x30;
    static final int BIT = 0x32;
    static final int INT2 = 0x34;
    static final int INT4 = 0x38;
    static final int DATETIM4 = 0x3A;
    static final int FLT4 = 0x3B;
    static final int DATETIME = 0x3D;
    static final int FLT8 = 0x3E;
    static final int INT8 = 0x7F;

    /** Longest value of a non-MAX NVARCHAR/VARCHAR/VARBINARY, in bytes. */
    static final int MAX_SHORT_LENGTH = 8000;
    static final long PLP_NULL = -1L;
    static final int PLP_CHUNK = 8000;
    /** The sql_variant maximum length SQL Server declares. */
    static final int VARIANT_MAX = 8016;

    static final LocalDate DATE_BASE = LocalDate.of(1, 1, 1);
    static final LocalDate DATETIME_BASE = LocalDate.of(1900, 1, 1);
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final byte[] collation;
    private final Charset varcharCharset;

    TypeCodec(byte[] collation) {
        this.collation = collation.clone();
        this.varcharCharset = Collations.charset(collation);
    }

    byte[] collation() {
        return collation.clone();
    }

    Charset varcharCharset() {
        return varcharCharset;
    }

    static boolean isPlp(SqlType t) {
        return switch (t.kind()) {
            case NVARCHAR -> t.isMax() || t.length() > MAX_SHORT_LENGTH / 2;
            case VARCHAR, VARBINARY -> t.isMax() || t.length() > MAX_SHORT_LENGTH;
            default -> false;
        };
    }

    /** TYPE_INFO of a column or return value. */
    void writeTypeInfo(ByteWriter w, SqlType t) {
        switch (t.kind()) {
            case TINYINT -> w.u8(INTN).u8(1);
            case SMALLINT -> w.u8(INTN).u8(2);
            case INT -> w.u8(INTN).u8(4);
            case BIGINT -> w.u8(INTN).u8(8);
            case BIT -> w.u8(BITN).u8(1);
            case DECIMAL -> w.u8(DECIMALN).u8(decimalBytes(precision(t)) + 1).u8(precision(t)).u8(t.scale());
            case FLOAT -> w.u8(FLTN).u8(8);
            case NVARCHAR -> w.u8(NVARCHAR).u16(isPlp(t) ? 0xFFFF : Math.max(1, t.length()) * 2).bytes(collation);
            case VARCHAR -> w.u8(BIGVARCHR).u16(isPlp(t) ? 0xFFFF : Math.max(1, t.length())).bytes(collation);
            case VARBINARY -> w.u8(BIGVARBIN).u16(isPlp(t) ? 0xFFFF : Math.max(1, t.length()));
            case DATE -> w.u8(DATEN);
            case DATETIME -> w.u8(DATETIMN).u8(8);
            case DATETIME2 -> w.u8(DATETIME2N).u8(t.scale());
            case UNIQUEIDENTIFIER -> w.u8(GUID).u8(16);
            case SQL_VARIANT -> w.u8(SSVARIANT).u32(VARIANT_MAX);
        }
    }

    /** A value in ROW / RETURNVALUE form (with its length prefix; NULL as the type's NULL marker). */
    void writeValue(ByteWriter w, SqlType t, Object v) {
        if (v == null) {
            writeNull(w, t);
            return;
        }
        switch (t.kind()) {
            case TINYINT -> w.u8(1).u8(number(v).intValue());
            case SMALLINT -> w.u8(2).u16(number(v).intValue());
            case INT -> w.u8(4).u32(number(v).intValue());
            case BIGINT -> w.u8(8).u64(number(v).longValue());
            case BIT -> w.u8(1).u8(bool(v) ? 1 : 0);
            case DECIMAL -> {
                int p = precision(t);
                w.u8(decimalBytes(p) + 1);
                writeDecimalBody(w, decimal(v), p, t.scale());
            }
            case FLOAT -> w.u8(8).u64(Double.doubleToLongBits(number(v).doubleValue()));
            case NVARCHAR -> writeVariableLength(w, t, v.toString().getBytes(StandardCharsets.UTF_16LE));
            case VARCHAR -> writeVariableLength(w, t, v.toString().getBytes(varcharCharset));
            case VARBINARY -> writeVariableLength(w, t, (byte[]) v);
            case DATE -> w.u8(3).u24((int) days(date(v), DATE_BASE));
            case DATETIME -> w.u8(8).bytes(datetime(dateTime(v)));
            case DATETIME2 -> {
                w.u8(timeBytes(t.scale()) + 3);
                writeDateTime2Body(w, dateTime(v), t.scale());
            }
            case UNIQUEIDENTIFIER -> w.u8(16).bytes(guidBytes(uuid(v)));
            case SQL_VARIANT -> writeVariant(w, (SqlVariant) v);
        }
    }

    private void writeNull(ByteWriter w, SqlType t) {
        switch (t.kind()) {
            case NVARCHAR, VARCHAR, VARBINARY -> {
                if (isPlp(t)) {
                    w.u64(PLP_NULL);
                } else {
                    w.u16(0xFFFF);
                }
            }
            case SQL_VARIANT -> w.u32(0);
            default -> w.u8(0);
        }
    }

    private static void writeVariableLength(ByteWriter w, SqlType t, byte[] bytes) {
        if (isPlp(t)) {
            // PLP: total length, chunks of DWORD length + bytes, DWORD 0 terminator (§5.2).
            w.u64(bytes.length);
            for (int off = 0; off < bytes.length; off += PLP_CHUNK) {
                int len = Math.min(PLP_CHUNK, bytes.length - off);
                w.u32(len).bytes(bytes, off, len);
            }
            w.u32(0);
            return;
        }
        int max = t.kind() == SqlTypeKind.NVARCHAR ? Math.max(1, t.length()) * 2 : Math.max(1, t.length());
        if (bytes.length > max) {
            // The driver closes the connection on a value longer than its column (§8 pitfall 5): fail loudly.
            throw new IllegalStateException("a " + bytes.length + "-byte value does not fit " + t.sqlName());
        }
        w.u16(bytes.length).bytes(bytes);
    }

    // ---- sql_variant (MS-TDS 2.2.5.5.4; property order measured in §5.2) ----

    private void writeVariant(ByteWriter w, SqlVariant variant) {
        SqlType base = variant.baseType();
        Object v = variant.value();
        ByteWriter body = new ByteWriter(32);
        switch (base.kind()) {
            case TINYINT -> body.u8(INT1).u8(0).u8(number(v).intValue());
            case SMALLINT -> body.u8(INT2).u8(0).u16(number(v).intValue());
            case INT -> body.u8(INT4).u8(0).u32(number(v).intValue());
            case BIGINT -> body.u8(INT8).u8(0).u64(number(v).longValue());
            case BIT -> body.u8(BIT).u8(0).u8(bool(v) ? 1 : 0);
            case FLOAT -> body.u8(FLT8).u8(0).u64(Double.doubleToLongBits(number(v).doubleValue()));
            case DECIMAL -> {
                int p = precision(base);
                body.u8(DECIMALN).u8(2).u8(p).u8(base.scale());
                writeDecimalBody(body, decimal(v), p, base.scale());
            }
            case NVARCHAR -> {
                byte[] text = v.toString().getBytes(StandardCharsets.UTF_16LE);
                body.u8(NVARCHAR).u8(7).bytes(collation).u16(Math.max(text.length, base.length() * 2)).bytes(text);
            }
            case VARCHAR -> {
                byte[] text = v.toString().getBytes(varcharCharset);
                body.u8(BIGVARCHR).u8(7).bytes(collation).u16(Math.max(text.length, base.length())).bytes(text);
            }
            case VARBINARY -> {
                byte[] bytes = (byte[]) v;
                body.u8(BIGVARBIN).u8(2).u16(Math.max(bytes.length, base.length())).bytes(bytes);
            }
            case DATE -> body.u8(DATEN).u8(0).u24((int) days(date(v), DATE_BASE));
            case DATETIME -> body.u8(DATETIME).u8(0).bytes(datetime(dateTime(v)));
            case DATETIME2 -> {
                body.u8(DATETIME2N).u8(1).u8(base.scale());
                writeDateTime2Body(body, dateTime(v), base.scale());
            }
            case UNIQUEIDENTIFIER -> body.u8(GUID).u8(0).bytes(guidBytes(uuid(v)));
            case SQL_VARIANT -> throw new IllegalStateException("sql_variant cannot nest");
        }
        w.u32(body.size()).bytes(body.buffer(), 0, body.size());
    }

    // ---- helpers shared with parameter decoding ----

    static int precision(SqlType t) {
        return t.precision() <= 0 ? 18 : Math.min(38, t.precision());
    }

    /** Magnitude bytes of a DECIMAL of this precision (MS-TDS 2.2.5.5.1.6). */
    static int decimalBytes(int precision) {
        if (precision <= 9) {
            return 4;
        }
        if (precision <= 19) {
            return 8;
        }
        if (precision <= 28) {
            return 12;
        }
        return 16;
    }

    /** Sign byte (1 = positive) then the unscaled magnitude, little-endian, sized by precision. */
    static void writeDecimalBody(ByteWriter w, BigDecimal value, int precision, int scale) {
        BigInteger unscaled = value.setScale(scale, RoundingMode.HALF_UP).unscaledValue();
        int n = decimalBytes(precision);
        if (unscaled.abs().bitLength() > n * 8) {
            throw new IllegalStateException(value + " does not fit decimal(" + precision + "," + scale + ")");
        }
        w.u8(unscaled.signum() < 0 ? 0 : 1);
        byte[] be = unscaled.abs().toByteArray();
        for (int i = 0; i < n; i++) {
            int idx = be.length - 1 - i;
            w.u8(idx >= 0 ? be[idx] : 0);
        }
    }

    static BigDecimal readDecimalBody(ByteReader r, int length, int scale) {
        int sign = r.u8();
        byte[] le = r.bytes(length - 1);
        byte[] be = new byte[le.length + 1];
        for (int i = 0; i < le.length; i++) {
            be[be.length - 1 - i] = le[i];
        }
        BigInteger magnitude = new BigInteger(be);
        return new BigDecimal(sign == 0 ? magnitude.negate() : magnitude, scale);
    }

    static int timeBytes(int scale) {
        return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
    }

    /** Time in units of 10^-scale s since midnight, then 3-byte days since 0001-01-01 (§5.2). */
    static void writeDateTime2Body(ByteWriter w, LocalDateTime v, int scale) {
        long units = v.toLocalTime().toNanoOfDay() / pow10(9 - scale);
        w.uN(units, timeBytes(scale));
        w.u24((int) days(v.toLocalDate(), DATE_BASE));
    }

    static LocalDateTime readDateTime2Body(ByteReader r, int scale) {
        long units = r.uN(timeBytes(scale));
        LocalDate date = DATE_BASE.plusDays(r.uN(3));
        return LocalDateTime.of(date, LocalTime.ofNanoOfDay(units * pow10(9 - scale)));
    }

    /** DATETIME: INT days since 1900-01-01, then UINT ticks of 1/300 s since midnight (MS-TDS 2.2.5.5.1.8). */
    static byte[] datetime(LocalDateTime v) {
        long days = days(v.toLocalDate(), DATETIME_BASE);
        long ticks = Math.round(v.toLocalTime().toNanoOfDay() * 300.0 / 1_000_000_000.0);
        if (ticks >= 300L * 86_400) {
            days++;
            ticks = 0;
        }
        return new ByteWriter(8).u32(days).u32(ticks).toByteArray();
    }

    static LocalDateTime readDatetime(ByteReader r) {
        int days = r.i32();
        long ticks = r.u32();
        long nanos = Math.round(ticks * 1_000_000_000.0 / 300.0);
        return LocalDateTime.of(DATETIME_BASE.plusDays(days), LocalTime.MIDNIGHT).plusNanos(Math.min(nanos, NANOS_PER_DAY - 1));
    }

    /** SQL Server's GUID byte order: the first three groups little-endian, the last 8 bytes as written. */
    static byte[] guidBytes(UUID u) {
        byte[] be = new ByteWriter(16).u32be(u.getMostSignificantBits() >>> 32).u32be(u.getMostSignificantBits())
                .u32be(u.getLeastSignificantBits() >>> 32).u32be(u.getLeastSignificantBits()).toByteArray();
        byte[] out = be.clone();
        out[0] = be[3];
        out[1] = be[2];
        out[2] = be[1];
        out[3] = be[0];
        out[4] = be[5];
        out[5] = be[4];
        out[6] = be[7];
        out[7] = be[6];
        return out;
    }

    static UUID guidFromBytes(byte[] b) {
        byte[] be = b.clone();
        be[0] = b[3];
        be[1] = b[2];
        be[2] = b[1];
        be[3] = b[0];
        be[4] = b[5];
        be[5] = b[4];
        be[6] = b[7];
        be[7] = b[6];
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = msb << 8 | (be[i] & 0xFF);
            lsb = lsb << 8 | (be[i + 8] & 0xFF);
        }
        return new UUID(msb, lsb);
    }

    static long days(LocalDate d, LocalDate base) {
        return d.toEpochDay() - base.toEpochDay();
    }

    static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }

    private static Number number(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return new BigDecimal(v.toString());
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        return number(v).intValue() != 0;
    }

    private static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Double || v instanceof Float) {
            return BigDecimal.valueOf(((Number) v).doubleValue());
        }
        return new BigDecimal(v.toString());
    }

    private static LocalDate date(Object v) {
        if (v instanceof LocalDateTime dt) {
            return dt.toLocalDate();
        }
        return (LocalDate) v;
    }

    private static LocalDateTime dateTime(Object v) {
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        return (LocalDateTime) v;
    }

    private static UUID uuid(Object v) {
        return v instanceof UUID u ? u : UUID.fromString(v.toString());
    }
}
