package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.journal.LinkFeed.AlertCursor;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class LinkEventCursorTest {

    @Test
    void aCursorReadsBackFromTheIdItWritesToTheMicrosecond() {
        LinkEventCursor cursor = new LinkEventCursor(4711, new AlertCursor(
                Instant.parse("2026-12-07T18:17:08.496905Z"), "f53d5ea1-b352-317b-a5e1-07bd05876ae2"));
        assertThat(cursor.encode()).isEqualTo("4711.1796667428496905.f53d5ea1-b352-317b-a5e1-07bd05876ae2");
        assertThat(LinkEventCursor.parse(cursor.encode())).contains(cursor);
        LinkEventCursor start = new LinkEventCursor(0, AlertCursor.START);
        assertThat(start.encode()).isEqualTo("0.0.");
        assertThat(LinkEventCursor.parse("0.0.")).contains(start);
    }

    @Test
    void anythingElseIsNoCursorAndTheStreamStartsFromNow() {
        for (String id : new String[] {null, "", "7", "-1.0.", "1..", "1.2.3.4", "99999999999999999999.0.",
            "1.99999999999999999999.", "1.0.a b", "1.0.%00", "1.0." + "a".repeat(65), "0x10.0.", "1e3.0."}) {
            assertThat(LinkEventCursor.parse(id)).as(String.valueOf(id)).isEmpty();
        }
    }
}
