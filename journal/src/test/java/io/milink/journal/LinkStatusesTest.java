package io.milink.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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
 * The links' statuses as their monitors read them: a new version only when what a reader sees changed, every read
 * counted with the replica that made it, the changes found by the database's time, on H2 and PostgreSQL alike.
 */
@ParameterizedClass
@EnumSource(JournalDatabase.class)
class LinkStatusesTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Parameter
    JournalDatabase database;

    @TempDir
    Path dir;
    private Journal journal;
    private LinkStatuses statuses;

    @BeforeEach
    void open() {
        journal = database.openFresh(dir);
        statuses = new LinkStatuses(journal);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private static LinkStatuses.Read seeding(int percent) {
        return LinkStatuses.Read.status("{\"seeding\":" + percent + "}", Integer.toString(percent).repeat(64)
                .substring(0, 64), "\"e" + percent + "\"", "sql01");
    }

    @Test
    void aReadThatChangesNothingCountsAsAPollWithoutANewVersion() {
        assertThat(statuses.record("sales", seeding(10), T0, "replica-a")).isTrue();
        assertThat(statuses.record("sales", seeding(10), T0.plusSeconds(5), "replica-b")).isFalse();
        LinkStatuses.Entry e = statuses.find("sales").orElseThrow();
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.polls()).isEqualTo(2);
        assertThat(e.observedBy()).isEqualTo("replica-b");
        assertThat(e.observedAt()).isEqualTo(T0.plusSeconds(5));

        assertThat(statuses.record("sales", seeding(20), T0.plusSeconds(10), "replica-b")).isTrue();
        assertThat(statuses.find("sales").orElseThrow()).satisfies(now -> {
            assertThat(now.version()).isEqualTo(2);
            assertThat(now.status()).isEqualTo("{\"seeding\":20}");
            assertThat(now.etag()).isEqualTo("\"e20\"");
            assertThat(now.polls()).isEqualTo(3);
        });
    }

    @Test
    void anErrorReplacesTheStatusAndIsCutToTheColumn() {
        statuses.record("sales", seeding(10), T0, "a");
        String long1 = "x".repeat(5_000);
        assertThat(statuses.record("sales", LinkStatuses.Read.error(long1, "sql01"), T0, "a")).isTrue();
        LinkStatuses.Entry e = statuses.find("sales").orElseThrow();
        assertThat(e.status()).isNull();
        assertThat(e.error()).hasSize(LinkStatuses.ERROR_LENGTH).endsWith("…");
        assertThat(statuses.record("sales", LinkStatuses.Read.error(long1, "sql01"), T0, "a"))
                .as("the same error again").isFalse();
        assertThat(statuses.record("sales", seeding(10), T0, "a")).as("read again").isTrue();
    }

    @Test
    void aRemovedLinkIsToldOnceLeavesTheCurrentListAndComesBackWhenReadAgain() {
        statuses.record("sales", seeding(10), T0, "a");
        statuses.record("hr", seeding(50), T0, "a");
        assertThat(statuses.markRemoved("sales", T0, "a")).isTrue();
        assertThat(statuses.markRemoved("sales", T0, "a")).as("once").isFalse();
        assertThat(statuses.markRemoved("never-read", T0, "a")).isFalse();
        assertThat(statuses.current()).extracting(LinkStatuses.Entry::link).containsExactly("hr");
        LinkStatuses.Snapshot snapshot = statuses.snapshot();
        assertThat(snapshot.entries()).isEqualTo(statuses.current());
        assertThat(statuses.changedSince(snapshot.readAt()).versions()).as("nothing since the snapshot").isEmpty();
        assertThat(statuses.find("sales").orElseThrow()).satisfies(e -> {
            assertThat(e.removed()).isTrue();
            assertThat(e.version()).isEqualTo(2);
            assertThat(e.status()).isNull();
        });
        assertThat(statuses.record("sales", seeding(10), T0, "b")).as("registered again").isTrue();
        assertThat(statuses.find("sales").orElseThrow().removed()).isFalse();
        assertThat(statuses.find("sales").orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void changesAreFoundByTheDatabasesTimeFromWhereTheLastLookStood() throws Exception {
        statuses.record("sales", seeding(10), T0, "a");
        LinkStatuses.Changes first = statuses.changedSince(Instant.EPOCH);
        assertThat(first.versions()).containsExactly(new LinkStatuses.Version("sales", 1));
        Thread.sleep(20);
        LinkStatuses.Changes none = statuses.changedSince(first.readAt().plusMillis(10));
        assertThat(none.versions()).isEmpty();
        assertThat(none.readAt()).isAfter(first.readAt());

        statuses.record("sales", seeding(10), T0.plusSeconds(5), "a"); // a poll, no change
        statuses.record("hr", seeding(50), T0, "a");
        LinkStatuses.Changes next = statuses.changedSince(none.readAt());
        assertThat(next.versions()).containsExactly(new LinkStatuses.Version("hr", 1));
        assertThat(statuses.entries(List.of("hr", "gone"))).extracting(LinkStatuses.Entry::link).containsExactly("hr");
        assertThat(Duration.between(first.readAt(), next.readAt())).isPositive();
    }
}
