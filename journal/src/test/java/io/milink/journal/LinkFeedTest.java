package io.milink.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The dashboard's feed read back from the journal, on both databases a journal runs on (the feed's SQL is its own). */
@ParameterizedClass
@EnumSource(JournalDatabase.class)
class LinkFeedTest {

    @Parameter
    JournalDatabase database;

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;
    private Journal journal;
    private LinkFeed feed;

    @BeforeEach
    void open() {
        journal = database.openFresh(dir);
        feed = new LinkFeed(journal);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private static JournalAlerts.AlertEvent alert(String id, String scope, Instant at) {
        return new JournalAlerts.AlertEvent(id, scope, "key-" + id, "link.disconnected", "critical", false, "SQL22",
                "mi", "DAG_Sales", "Sales", "DAG_Sales/Sales", "Sales does not replicate", at, at, "{}");
    }

    @Test
    void operationEventsComeInIdOrderWithTheirLinkAndStateAndAPreflightsWithoutALink() {
        OperationJournal operations = new OperationJournal(journal);
        assertThat(feed.lastOperationEventId()).isZero();
        Operation preflight = operations.create("preflight", "token:1", "{}");
        Operation create = operations.create("link-create", "token:1", "{}", "r1", "DAG_Sales", (c, id) -> { });
        operations.start(create.id());

        List<LinkFeed.OperationEntry> all = feed.operationEventsAfter(0, 100);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).id()).as("ids strictly increasing").isGreaterThan(all.get(i - 1).id());
        }
        assertThat(all).extracting(LinkFeed.OperationEntry::message)
                .containsExactly("queued", "queued (request r1)", "running");
        assertThat(all.get(0).link()).as("a preflight is on no link").isNull();
        assertThat(all.get(0).operationId()).isEqualTo(preflight.id());
        assertThat(all.get(2).link()).isEqualTo("DAG_Sales");
        assertThat(all.get(2).kind()).isEqualTo("link-create");
        assertThat(all.get(2).state()).isEqualTo(OperationState.Running);
        assertThat(feed.lastOperationEventId()).isEqualTo(all.get(2).id());
        assertThat(feed.operationEventsAfter(all.get(0).id(), 1)).extracting(LinkFeed.OperationEntry::message)
                .containsExactly("queued (request r1)");
        assertThat(feed.operationEventsAfter(all.get(2).id(), 100)).isEmpty();
    }

    @Test
    void alertsComeInTimeThenIdOrderAfterTheCursorAndOnlyOfTheScopesWithThePrefix() {
        JournalAlerts alerts = new JournalAlerts(journal);
        assertThat(feed.lastAlert()).isEqualTo(LinkFeed.AlertCursor.START);
        alerts.record(alert("b", "service-link:DAG_Sales", T0));
        alerts.record(alert("a", "service-link:DAG_Sales", T0));
        alerts.record(alert("c", "service-link:DAG_Orders", T0.plusSeconds(1)));
        // A prefix is matched literally: "_" and "%" are no wildcards.
        alerts.record(alert("d", "serviceXlink:DAG_Sales", T0.plusSeconds(2)));
        alerts.record(alert("e", "sql22 -> mi", T0.plusSeconds(3)));

        assertThat(feed.alertsAfter("service-link:", LinkFeed.AlertCursor.START, 100))
                .extracting(JournalAlerts.AlertEvent::id).containsExactly("a", "b", "c");
        assertThat(feed.alertsAfter("service_link:", LinkFeed.AlertCursor.START, 100)).isEmpty();
        assertThat(feed.alertsAfter("service-link:", new LinkFeed.AlertCursor(T0, "a"), 100))
                .as("the one of the same time with a later id, then later ones")
                .extracting(JournalAlerts.AlertEvent::id).containsExactly("b", "c");
        assertThat(feed.alertsAfter("service-link:", new LinkFeed.AlertCursor(T0, "b"), 1))
                .extracting(JournalAlerts.AlertEvent::id).containsExactly("c");
        assertThat(feed.lastAlert()).isEqualTo(new LinkFeed.AlertCursor(T0.plusSeconds(3), "e"));

        JournalAlerts.AlertEvent resolve = new JournalAlerts.AlertEvent("f", "service-link:DAG_Sales", "key-a",
                "link.disconnected.resolved", "info", true, "SQL22", "mi", "DAG_Sales", "Sales", "DAG_Sales/Sales",
                "Sales replicates again", T0.plusSeconds(4), T0, "{}");
        alerts.record(resolve);
        assertThat(feed.openAlerts("service-link:", 100)).as("a's condition resolved; b and c still hold")
                .extracting(JournalAlerts.AlertEvent::id).containsExactly("b", "c");
    }
}
