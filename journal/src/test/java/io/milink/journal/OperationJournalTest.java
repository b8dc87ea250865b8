package io.milink.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.milink.preflight.report.Verdict;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * State changes in the journal: one winner between cancel and completion; no blocking on an event loop. On the
 * embedded H2 file and on PostgreSQL alike.
 */
@ParameterizedClass
@EnumSource(JournalDatabase.class)
class OperationJournalTest {

    @Parameter
    JournalDatabase database;

    @TempDir
    Path dir;
    private Journal journal;
    private OperationJournal operations;

    @BeforeEach
    void open() {
        journal = database.openFresh(dir);
        operations = new OperationJournal(journal);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void aRunCanceledMidwayDoesNotStoreItsReportAndStaysCanceled() {
        Operation op = operations.create("preflight", "token:1", "{}");
        assertThat(operations.start(op.id())).isTrue();
        assertThat(operations.cancel(op.id(), "token:2")).isTrue();

        Report report = Report.of(Instant.now(), "SQL1", List.of());
        assertThat(operations.succeedWithReport(op.id(), report, "{}")).isFalse();
        operations.addEvent(op.id(), "late progress from the worker");
        assertThat(operations.fail(op.id(), "late failure")).isFalse();

        Operation after = operations.find(op.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(OperationState.Canceled);
        assertThat(after.error()).isEqualTo("canceled by token:2");
        assertThat(operations.reportJson(op.id())).isEmpty();
        assertThat(operations.eventsAfter(op.id(), 0)).extracting(OperationEvent::message)
                .containsExactly("queued", "running", "canceled by token:2");
    }

    @Test
    void aSecondUnfinishedOperationOnALinkIsRefusedByTheDatabaseUntilTheFirstEnds() {
        Operation first = operations.create("link-failover", "token:1", "{}", null, "DAG_Sales", (c, id) -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> operations.create("link-delete", "token:1", "{}",
                        null, "DAG_Sales", (c, id) -> { }))
                .isInstanceOf(OperationJournal.LinkBusyException.class).hasMessageContaining("DAG_Sales");
        assertThat(operations.create("link-create", "token:1", "{}", null, "DAG_Other", (c, id) -> { }).state())
                .as("another link").isEqualTo(OperationState.Queued);
        assertThat(operations.create("preflight", "token:1", "{}").state()).as("work on no link")
                .isEqualTo(OperationState.Queued);

        assertThat(operations.start(first.id())).isTrue();
        assertThat(operations.succeed(first.id(), "/v1/links/DAG_Sales", "succeeded")).isTrue();
        assertThat(operations.create("link-delete", "token:1", "{}", null, "DAG_Sales", (c, id) -> { }).state())
                .isEqualTo(OperationState.Queued);
    }

    @Test
    void failingTheUnfinishedWorkOfGoneReplicasLeavesALiveReplicasWorkAndLinkOperationsAlone() {
        OperationJournal live = new OperationJournal(journal, "milink live/1/a");
        OperationJournal gone = new OperationJournal(journal, "milink gone/2/b");
        Operation liveCheck = live.create("preflight", "token:1", "{}");
        Operation goneCheck = gone.create("preflight", "token:1", "{}");
        Operation goneLink = gone.create("link-create", "token:1", "{}", null, "DAG_Sales", (c, id) -> { });

        assertThat(live.failUnfinishedExcept(java.util.Set.of("link-create"), "milink gone/2/b"::equals))
                .isEqualTo(1);

        assertThat(operations.find(goneCheck.id()).orElseThrow().state()).isEqualTo(OperationState.Failed);
        assertThat(operations.find(liveCheck.id()).orElseThrow().state()).isEqualTo(OperationState.Queued);
        assertThat(operations.find(goneLink.id()).orElseThrow().state()).isEqualTo(OperationState.Queued);
    }

    @Test
    void anOperationCanceledWhileQueuedIsNeverStarted() {
        Operation op = operations.create("preflight", "token:1", "{}");
        assertThat(operations.cancel(op.id(), "token:1")).isTrue();
        assertThat(operations.start(op.id())).isFalse();
        assertThat(operations.find(op.id()).orElseThrow().startedAt()).isNull();
    }

    @Test
    void journalAccessOnAnEventLoopIsRefused() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    operations.find("any");
                    outcome.complete(null);
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
            });
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("event loop");
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void aReportStoredBeforeVerdictsExistedIsListedWithTheVerdictItsFindingsGive() throws Exception {
        Report incomplete = Report.of(Instant.parse("2026-11-22T12:00:00Z"), "SQL1", List.of(
                new Finding("sql.connect", Status.PASS, "SQL1", "Connect", "ok", null),
                new Finding("db.exists", Status.PASS, "Sales", "Database exists", "database_id 5", null)));
        Operation op = operations.create("preflight", "token:1", "{}");
        assertThat(operations.start(op.id())).isTrue();
        assertThat(operations.succeedWithReport(op.id(), incomplete, ReportJson.write(incomplete))).isTrue();
        assertThat(operations.find(op.id()).orElseThrow().result()).isEqualTo("INCOMPLETE");
        assertThat(operations.history("SQL1", 10)).singleElement().satisfies(row -> {
            assertThat(row.verdict()).isEqualTo(Verdict.INCOMPLETE);
            assertThat(row.ready()).isFalse();
        });

        // As an older milink stored it: schema version 1, no verdict, ready because nothing failed.
        String version1 = ReportJson.write(incomplete).replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 1")
                .replace("\"verdict\" : \"INCOMPLETE\",\n", "").replace("\"ready\" : false", "\"ready\" : true");
        try (Connection c = journal.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE operations SET result = 'READY'");
            try (var update = c.prepareStatement("UPDATE preflight_reports SET ready = TRUE, report_json = ?")) {
                update.setString(1, version1);
                update.executeUpdate();
            }
        }
        assertThat(operations.history(null, 10)).singleElement().satisfies(row -> {
            assertThat(row.verdict()).isEqualTo(Verdict.INCOMPLETE);
            assertThat(row.ready()).isFalse();
        });
    }
}
