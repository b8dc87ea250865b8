package io.milink.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TsqlTest {

    @Test
    void quoteNameBracketsAPlainName() {
        assertThat(Tsql.quoteName("Sales")).isEqualTo("[Sales]");
    }

    @Test
    void quoteNameDoublesClosingBracketsSoAnInjectionStaysOneName() {
        assertThat(Tsql.quoteName("a]; DROP DATABASE x--")).isEqualTo("[a]]; DROP DATABASE x--]");
    }

    @Test
    void quoteNameLeavesOpeningBracketsAndQuotesAlone() {
        assertThat(Tsql.quoteName("[x' y\"")).isEqualTo("[[x' y\"]");
    }

    @Test
    void quoteNameAcceptsExactly128CharactersAndRejects129() {
        assertThat(Tsql.quoteName("n".repeat(128))).hasSize(130);
        assertThatThrownBy(() -> Tsql.quoteName("n".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("129 characters")
                .hasMessageContaining("at most 128");
    }

    @Test
    void quoteNameRejectsEmptyAndControlCharacters() {
        assertThatThrownBy(() -> Tsql.quoteName("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Tsql.quoteName("a\nb")).hasMessageContaining("U+000A");
    }

    @Test
    void quoteNameJoinsMultiPartNamesQuotingEachPart() {
        assertThat(Tsql.quoteName("msdb", "dbo", "back]upset")).isEqualTo("[msdb].[dbo].[back]]upset]");
    }

    @Test
    void literalIsUnicodeAndDoublesSingleQuotes() {
        assertThat(Tsql.literal("O'Brien")).isEqualTo("N'O''Brien'");
        assertThat(Tsql.literal("*.database.windows.net")).isEqualTo("N'*.database.windows.net'");
        assertThat(Tsql.literal("héllo ✓")).isEqualTo("N'héllo ✓'");
    }

    @Test
    void literalOfNullIsTheNullKeyword() {
        assertThat(Tsql.literal((String) null)).isEqualTo("NULL");
    }

    @Test
    void literalRejectsNul() {
        assertThatThrownBy(() -> Tsql.literal("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binaryLiteralIsUpperCaseHexWithPrefix() {
        assertThat(Tsql.binaryLiteral(new byte[] {0x30, (byte) 0x82, 0x0a})).isEqualTo("0x30820A");
        assertThat(Tsql.binaryLiteral(new byte[0])).isEqualTo("0x");
    }
}
