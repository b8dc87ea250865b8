package io.milink.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The service's links, Idempotency-Keys, purge and audit rows: written with the operation that needs them, in one
 * transaction, on the embedded H2 file and on PostgreSQL alike.
 */
@ParameterizedClass
@EnumSource(JournalDatabase.class)
class ServiceLinksTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    @Parameter
    JournalDatabase database;

    @TempDir
    Path dir;
    private Journal journal;
    private OperationJournal operations;
    private ServiceLinks links;

    @BeforeEach
    void open() {
        journal = database.openFresh(dir);
        operations = new OperationJournal(journal);
        links = new ServiceLinks(journal);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void aLinkIsRegisteredOnceWithItsFirstRequestAndForgottenWhenUnregistered() {
        Operation create = operations.create("link-create", "token:1", "{\"v\":1}", "req-1", "sales",
                (c, id) -> ServiceLinks.registerIfAbsent(c, "sales", "{\"v\":1}", HASH_A, "token:1"));
        // One unfinished operation per link: the first ends before the next is accepted.
        assertThat(operations.fail(create.id(), "refused")).isTrue();
        Operation again = operations.create("link-create", "token:2", "{\"v\":2}", "req-2", "sales",
                (c, id) -> ServiceLinks.registerIfAbsent(c, "sales", "{\"v\":2}", HASH_B, "token:2"));

        assertThat(links.all()).singleElement().satisfies(link -> {
            assertThat(link.request()).isEqualTo("{\"v\":1}");
            assertThat(link.requestHash()).isEqualTo(HASH_A);
            assertThat(link.createdBy()).isEqualTo("token:1");
        });
        assertThat(operations.unfinishedOnLink("sales")).map(Operation::id).hasValue(again.id());
        assertThat(links.unregister("sales")).isTrue();
        assertThat(links.unregister("sales")).as("already gone").isFalse();
        assertThat(links.find("sales")).isEmpty();
    }

    @Test
    void aKeyRecordedTwiceFailsTheSecondOperationsTransactionWithAUniqueViolationAndLeavesNoTrace() {
        Operation first = operations.create("link-failover", "token:1", "{}", null, "sales",
                (c, id) -> ServiceLinks.rememberKey(c, "token:1", "key-1", HASH_A, id));
        // On another link, so that only the key can refuse it (one link takes one unfinished operation).
        assertThatThrownBy(() -> operations.create("link-failover", "token:1", "{}", null, "hr",
                (c, id) -> ServiceLinks.rememberKey(c, "token:1", "key-1", HASH_A, id)))
                .isInstanceOf(JournalException.class)
                .cause().isInstanceOfSatisfying(SQLException.class, e ->
                        assertThat(e.getSQLState()).as("what the service reads as 'sent before'").isEqualTo("23505"));

        assertThat(links.findKey("token:1", "key-1")).hasValue(new ServiceLinks.StoredKey(HASH_A, first.id()));
        assertThat(links.findKey("token:2", "key-1")).as("another caller's key space").isEmpty();
        assertThat(operations.unfinished(List.of("link-failover"))).extracting(Operation::id)
                .containsExactly(first.id());
    }

    @Test
    void aPurgeDeletesFinishedOperationsWithTheirEventsAndKeysAndKeepsUnfinishedOnes() throws Exception {
        Operation done = operations.create("link-delete", "token:1", "{}", null, "sales",
                (c, id) -> ServiceLinks.rememberKey(c, "token:1", "key-1", HASH_A, id));
        operations.start(done.id());
        operations.succeed(done.id(), "/links/sales", "succeeded");
        Operation running = operations.create("link-create", "token:1", "{}", null, "hr", (c, id) -> { });
        operations.start(running.id());

        assertThat(operations.purgeFinishedBefore(Instant.now().plusSeconds(60))).isEqualTo(1);

        assertThat(operations.find(done.id())).isEmpty();
        assertThat(operations.eventsAfter(done.id(), 0)).isEmpty();
        assertThat(links.findKey("token:1", "key-1")).isEmpty();
        assertThat(operations.find(running.id())).map(Operation::state).hasValue(OperationState.Running);
    }

    @Test
    void theAuditLogKeepsWhoDidWhatWithLongPathsCut() throws Exception {
        AuditLog audit = new AuditLog(journal);
        audit.record("token:1", "POST", "/v1/links", 202);
        audit.record("anonymous", "DELETE", "/v1/links/" + "x".repeat(3000), 401);
        try (Connection c = journal.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT who, method, status, path FROM audit ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3)).isEqualTo("token:1 POST 202");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(4)).hasSize(2000);
            assertThat(rs.next()).isFalse();
        }
    }
}
