package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.SqlType;

/** Byte-level encodings where MS-TDS, not a driver round trip, is the reference. */
class TypeCodecTest {
    private final TypeCodec codec = new TypeCodec(Collations.SQL_LATIN1_GENERAL_CP1_CI_AS);

    private byte[] value(SqlType type, Object v) {
        ByteWriter w = new ByteWriter();
        codec.writeValue(w, type, v);
        return w.toByteArray();
    }

    @Test
    void datetimeCountsDaysSince1900AndThreeHundredthsOfASecond() {
        // 1900-01-02 00:00:01 → day 1, 300 ticks.
        assertThat(value(SqlType.datetime(), LocalDateTime.of(1900, 1, 2, 0, 0, 1)))
                .containsExactly(8, 1, 0, 0, 0, 0x2C, 0x01, 0, 0);
    }

    @Test
    void datetimeJustBeforeMidnightRoundsToTheNextDayAsSqlServerDoes() {
        assertThat(value(SqlType.datetime(), LocalDateTime.of(1900, 1, 1, 23, 59, 59, 999_000_000)))
                .containsExactly(8, 1, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void decimalIsSignByteThenMagnitudeSizedByPrecision() {
        // decimal(5,2) -1.23 → length 5, sign 0, 123 in 4 bytes LE.
        assertThat(value(SqlType.decimal(5, 2), new BigDecimal("-1.23"))).containsExactly(5, 0, 123, 0, 0, 0);
        assertThat(value(SqlType.decimal(20, 0), BigDecimal.ONE)).hasSize(1 + 1 + 12);
    }

    @Test
    void decimalTooLargeForItsBytesIsATwinBugNotGarbage() {
        assertThatThrownBy(() -> value(SqlType.decimal(9, 0), new BigDecimal("99999999999")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void guidUsesSqlServerMixedEndianOrder() {
        UUID u = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        assertThat(TypeCodec.guidBytes(u)).containsExactly(0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
                0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF);
        assertThat(TypeCodec.guidFromBytes(TypeCodec.guidBytes(u))).isEqualTo(u);
    }

    @Test
    void shortStringLongerThanItsColumnIsRejected() {
        assertThatThrownBy(() -> value(SqlType.nvarchar(2), "abc")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void plpValueEndsWithAZeroChunk() {
        byte[] bytes = value(SqlType.varbinaryMax(), new byte[] {7});
        assertThat(bytes).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0);
        assertThat(value(SqlType.varbinaryMax(), null)).containsOnly(0xFF).hasSize(8);
    }
}
