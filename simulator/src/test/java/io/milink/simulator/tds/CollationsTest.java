package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The 5-byte TDS collation computed from a server collation name (MS-TDS 2.2.5.1.2). */
class CollationsTest {

    @Test
    void sqlLatin1GeneralCp1CiAsIsTheMeasuredBytes() {
        assertThat(Collations.encode("SQL_Latin1_General_CP1_CI_AS")).containsExactly(0x09, 0x04, 0xD0, 0x00, 0x34);
    }

    @Test
    void sqlLatin1GeneralCp1CsAsHasSortId51AndCaseSensitiveFlags() {
        assertThat(Collations.encode("SQL_Latin1_General_CP1_CS_AS")).containsExactly(0x09, 0x04, 0xC0, 0x00, 0x33);
    }

    @Test
    void windowsCollationHasLcidFlagsAndNoSortId() {
        assertThat(Collations.encode("Latin1_General_CI_AS")).containsExactly(0x09, 0x04, 0xD0, 0x00, 0x00);
    }

    @Test
    void versionedWindowsCollationCarriesItsVersionInTheHighNibble() {
        assertThat(Collations.encode("Latin1_General_100_CI_AS_SC")).containsExactly(0x09, 0x04, 0xD0, 0x20, 0x00);
        assertThat(Collations.encode("Latin1_General_140_CS_AI")).containsExactly(0x09, 0x04, 0xE0, 0x30, 0x00);
    }

    @Test
    void binaryAndUtf8CollationsSetTheirBits() {
        assertThat(Collations.encode("Latin1_General_BIN2")).containsExactly(0x09, 0x04, 0x00, 0x02, 0x00);
        byte[] utf8 = Collations.encode("Latin1_General_100_CI_AS_SC_UTF8");
        assertThat(utf8).containsExactly(0x09, 0x04, 0xD0, 0x24, 0x00);
        assertThat(Collations.charset(utf8)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void unknownNamesFallBackToSqlLatin1GeneralCp1CiAs() {
        assertThat(Collations.encode("Klingon_CI_AS")).containsExactly(0x09, 0x04, 0xD0, 0x00, 0x34);
        assertThat(Collations.encode("SQL_Unknown_CP1_CI_AS")).containsExactly(0x09, 0x04, 0xD0, 0x00, 0x34);
        assertThat(Collations.encode(null)).containsExactly(0x09, 0x04, 0xD0, 0x00, 0x34);
    }

    @Test
    void latin1CollationsEncodeVarcharAsWindows1252() {
        assertThat(Collations.charset(Collations.encode("SQL_Latin1_General_CP1_CI_AS")).name()).isEqualTo("windows-1252");
        assertThat(Collations.charset(Collations.encode("Latin1_General_100_CI_AS_SC")).name()).isEqualTo("windows-1252");
    }
}
