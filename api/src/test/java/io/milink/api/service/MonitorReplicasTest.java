package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.journal.EmbeddedPostgres;
import io.milink.journal.Journal;
import io.milink.journal.JournalLocation;
import io.milink.journal.LinkStatuses;
import io.milink.journal.ServiceLinks;
import io.milink.simulator.LinkedTwins;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each link's monitoring owned by one replica (docs/operations.md, "Running several replicas"): 200 links registered on
 * one PostgreSQL journal, two {@code milink serve} processes on it and the twins. While both run, every link is read
 * once per interval in all (not once per replica), the two sharing the links; once one is killed with SIGKILL, the other
 * reads every link within two intervals, then each once per interval. The reads are counted by the journal
 * ({@code link_status.polls}, {@code observed_by}), not by either replica's own account.
 */
class MonitorReplicasTest {

    private static final int LINKS = 200;
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoHundredLinksAreEachReadOncePerIntervalByOneReplicaAndTheSurvivorReadsThemAllWithinTwoIntervals()
            throws Exception {
        JournalLocation.PostgreSql location = EmbeddedPostgres.freshJournal();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").start();
             Journal journal = Journal.open(location)) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            Path password = Files.writeString(dir.resolve("journal-password"), "unchecked-by-a-trusting-server\n");
            Files.writeString(dir.resolve(TwinSpecFiles.SERVE_CONFIG), "journal: " + location.url() + "\n"
                    + "journal-user: " + location.user() + "\n" + "journal-password-file: " + password + "\n",
                    StandardOpenOption.APPEND);
            // A token exists, so neither replica prints one; 200 links registered as POST /v1/links registers them
            // (the twins have none of them: a read that finds a link absent is a read all the same).
            new TokenStore(journal).create(Role.OPERATOR);
            JsonObject request = new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST)));
            journal.inTransaction(c -> {
                for (int i = 0; i < LINKS; i++) {
                    String body = request.copy().put("name", name(i)).encode();
                    ServiceLinks.registerIfAbsent(c, name(i), body, LinkRequest.sha256(body), "test");
                }
                return null;
            }, "register the links");
            LinkStatuses statuses = new LinkStatuses(journal);

            List<ServeProcess> replicas = new ArrayList<>();
            try {
                ServeProcess a = serve("a");
                replicas.add(a);
                ServeProcess b = serve("b");
                replicas.add(b);
                String nameA = replicaName(a);
                String nameB = replicaName(b);

                // --- both replicas: each link once per interval, in all -----------------------------------------
                awaitEveryLinkRead(statuses, Instant.EPOCH, Duration.ofSeconds(60));
                Map<String, LinkStatuses.Entry> before = byLink(statuses);
                Instant from = Instant.now();
                Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
                Map<String, LinkStatuses.Entry> after = byLink(statuses);
                double intervals = Duration.between(from, Instant.now()).toMillis() / (double) INTERVAL.toMillis();
                Map<Long, Integer> readsPerLink = readsPerLink(before, after);
                assertThat(readsPerLink.keySet()).as("reads per link in %.2f intervals with two replicas: %s",
                        intervals, readsPerLink).allSatisfy(reads -> assertThat(reads)
                        .isBetween((long) Math.floor(intervals) - 1, (long) Math.ceil(intervals) + 1));
                Map<String, Long> byReplica = after.values().stream().collect(Collectors.groupingBy(
                        e -> which(e.observedBy(), nameA, nameB), TreeMap::new, Collectors.counting()));
                assertThat(byReplica.keySet()).as("the replicas that read the links last: %s", byReplica)
                        .containsExactly("a", "b");

                // --- replica A killed: B reads every link within two intervals ------------------------------------
                a.process().destroyForcibly(); // SIGKILL: nothing handed back
                assertThat(a.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
                Instant killedAt = Instant.now();
                Duration takeover = awaitEveryLinkRead(statuses, killedAt, INTERVAL.multipliedBy(2));
                assertThat(byLink(statuses).values()).extracting(e -> which(e.observedBy(), nameA, nameB))
                        .as("read since the kill").containsOnly("b");

                // --- B alone: each link still once per interval --------------------------------------------------
                Map<String, LinkStatuses.Entry> alone = byLink(statuses);
                Instant aloneFrom = Instant.now();
                Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
                Map<String, LinkStatuses.Entry> aloneAfter = byLink(statuses);
                double aloneIntervals = Duration.between(aloneFrom, Instant.now()).toMillis()
                        / (double) INTERVAL.toMillis();
                Map<Long, Integer> aloneReads = readsPerLink(alone, aloneAfter);
                assertThat(aloneReads.keySet()).as("reads per link in %.2f intervals with one replica: %s",
                        aloneIntervals, aloneReads).allSatisfy(reads -> assertThat(reads)
                        .isBetween((long) Math.floor(aloneIntervals) - 1, (long) Math.ceil(aloneIntervals) + 1));
                System.out.println("monitor replicas: " + LINKS + " links, interval " + INTERVAL.toSeconds()
                        + " s; reads per link with two replicas " + readsPerLink + " in " + String.format("%.2f",
                        intervals) + " intervals, last read by " + byReplica.values() + "; after the SIGKILL the "
                        + "survivor had read them all in " + takeover.toMillis() + " ms; alone " + aloneReads
                        + " in " + String.format("%.2f", aloneIntervals) + " intervals");
            } finally {
                for (ServeProcess r : replicas) {
                    r.process().destroyForcibly();
                    r.process().waitFor(20, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static String name(int i) {
        return String.format("m%03d", i);
    }

    /** How many links were read how many times between two looks: {reads: links}. */
    private static Map<Long, Integer> readsPerLink(Map<String, LinkStatuses.Entry> before,
                                                   Map<String, LinkStatuses.Entry> after) {
        Map<Long, Integer> histogram = new TreeMap<>();
        assertThat(after.keySet()).hasSize(LINKS);
        for (LinkStatuses.Entry e : after.values()) {
            long reads = e.polls() - before.get(e.link()).polls();
            histogram.merge(reads, 1, Integer::sum);
        }
        return histogram;
    }

    private static Map<String, LinkStatuses.Entry> byLink(LinkStatuses statuses) {
        Map<String, LinkStatuses.Entry> map = new HashMap<>();
        for (LinkStatuses.Entry e : statuses.current()) {
            map.put(e.link(), e);
        }
        return map;
    }

    /** Waits until every link was read after {@code since}; fails past {@code within}. */
    private static Duration awaitEveryLinkRead(LinkStatuses statuses, Instant since, Duration within)
            throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(within);
        List<String> unread = List.of();
        while (Instant.now().isBefore(deadline)) {
            Map<String, LinkStatuses.Entry> now = byLink(statuses);
            unread = new ArrayList<>();
            for (int i = 0; i < LINKS; i++) {
                LinkStatuses.Entry e = now.get(name(i));
                if (e == null || !e.observedAt().isAfter(since)) {
                    unread.add(name(i));
                }
            }
            if (unread.isEmpty()) {
                return Duration.between(start, Instant.now());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(unread.size() + " links not read within " + within + " after " + since + ": "
                + unread.subList(0, Math.min(10, unread.size())));
    }

    private ServeProcess serve(String name) throws Exception {
        ServeProcess started = ServeProcess.start(List.of("--config", dir.resolve(TwinSpecFiles.SERVE_CONFIG)
                .toString(), "--data-dir", dir.resolve("replica-" + name).toString(), "--port", "0",
                "--shutdown-grace", "2", "--monitor-interval", INTERVAL.toSeconds() + "s", "--heartbeat", "1s"),
                dir.resolve("replica-" + name + ".log"), line -> line.startsWith("TLS: "));
        return started.drainRest("replica-" + name + "-output");
    }

    /** "a" or "b" for a replica's name in the journal, by its pid; the name itself otherwise. */
    private static String which(String observedBy, String a, String b) {
        return observedBy.contains(a) ? "a" : observedBy.contains(b) ? "b" : observedBy;
    }

    /** What the replica's name in the journal ("milink <host>/<pid>/<random>") holds: its pid. */
    private static String replicaName(ServeProcess replica) {
        return "/" + replica.process().pid() + "/";
    }
}
