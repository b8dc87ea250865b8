package io.milink.linkmanager.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.milink.linkmanager.LinkPhase;
import io.milink.linkmanager.LinkStatus;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.RecordedRequest;
import io.milink.simulator.link.VirtualClock;

/**
 * The fleet poller against two worlds of twins (SQL Server A with 3 links to instance a, SQL Server B with 2 to
 * instance b), read with the real mssql-jdbc driver and the Azure SDK pipeline: the twins count what they receive.
 */
class LinkFleetPollerOnTwinsTest {

    /** The fleet of both worlds; each SQL Server source records the connections it opens. */
    private static LinkFleet fleet(FleetTwins a, FleetTwins b, List<Connection> opened) {
        LinkFleet.Builder fleet = LinkFleet.builder();
        for (FleetTwins t : List.of(a, b)) {
            SqlServerTwin.Credentials sa = t.sql.loginCredentials();
            fleet.sqlServer(t.sql.serverName(), () -> {
                Connection c = DriverManager.getConnection(t.jdbcUrl(), sa.userName(), sa.password());
                opened.add(c);
                return c;
            });
            fleet.managedInstance(t.instanceName, t.instanceName, t.arm.links()::list);
            for (String db : t.databases) {
                fleet.link(new MonitoredLink(t.sql.serverName(), t.instanceName, List.of(FleetTwins.names(db))));
            }
        }
        return fleet.build();
    }

    private static long linkLists(FleetTwins t) {
        return t.armRequests().stream().filter(LinkFleetPollerOnTwinsTest::isLinkList).count();
    }

    private static boolean isLinkList(RecordedRequest r) {
        return r.method().equals("GET") && r.path().endsWith("/distributedAvailabilityGroups");
    }

    @Test
    void eachPollSendsOneBatchPerSqlServerAndOneListPerInstanceAndReadsEveryLink() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        List<Connection> opened = new CopyOnWriteArrayList<>();
        try (FleetTwins a = new FleetTwins("SQLA", "mi-a", 3, clock);
             FleetTwins b = new FleetTwins("SQLB", "mi-b", 2, clock);
             LinkFleetPoller poller = new LinkFleetPoller(fleet(a, b, opened), Clock.systemUTC(), 4,
                     Duration.ofSeconds(30))) {
            for (int poll = 1; poll <= 3; poll++) {
                int sqlA = a.sqlRequests();
                int sqlB = b.sqlRequests();
                int armA = a.armRequests().size();
                int armB = b.armRequests().size();
                clock.advance(Duration.ofSeconds(5));

                FleetPoll result = poller.poll();

                assertThat(result.number()).isEqualTo(poll);
                assertThat(a.sqlRequests() - sqlA).as("SQL Server A's requests in poll " + poll).isEqualTo(1);
                assertThat(b.sqlRequests() - sqlB).as("SQL Server B's requests in poll " + poll).isEqualTo(1);
                List<RecordedRequest> newA = a.armRequests().subList(armA, a.armRequests().size());
                List<RecordedRequest> newB = b.armRequests().subList(armB, b.armRequests().size());
                assertThat(newA).as("instance a's requests in poll " + poll).singleElement()
                        .matches(LinkFleetPollerOnTwinsTest::isLinkList);
                assertThat(newB).as("instance b's requests in poll " + poll).singleElement()
                        .matches(LinkFleetPollerOnTwinsTest::isLinkList);
                assertThat(result.readings()).hasSize(5);
                assertThat(result.sources()).hasSize(4).allMatch(FleetPoll.SourceRead::answered);
                result.readings().forEach((link, reading) -> {
                    assertThat(reading).as(link.toString()).isInstanceOf(LinkReading.Read.class);
                    LinkStatus status = ((LinkReading.Read) reading).status();
                    assertThat(status.managedInstance()).isEqualTo(link.managedInstance());
                    assertThat(status.sqlServer()).isEqualTo(link.sqlServer());
                    assertThat(status.databases()).singleElement().satisfies(d -> {
                        assertThat(d.name()).isEqualTo(link.databases().get(0).database());
                        assertThat(d.phase()).as(d.reasons().toString()).isEqualTo(LinkPhase.REPLICATING);
                        assertThat(d.sqlServerRole()).isEqualTo("PRIMARY");
                    });
                });
            }
            assertThat(opened).as("one connection per SQL Server, kept between polls").hasSize(2);
            assertThat(a.sql.requestsByConnection()).hasSize(1);
        }
    }

    @Test
    void aSqlServerThatStopsAnsweringMakesOnlyItsOwnLinksUnreadableAndSaysWhy() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        List<Connection> opened = new CopyOnWriteArrayList<>();
        try (FleetTwins a = new FleetTwins("SQLA", "mi-a", 3, clock);
             FleetTwins b = new FleetTwins("SQLB", "mi-b", 2, clock);
             LinkFleetPoller poller = new LinkFleetPoller(fleet(a, b, opened), Clock.systemUTC(), 4,
                     Duration.ofSeconds(30))) {
            assertThat(poller.poll().unreadable()).isZero();

            b.sql.close();
            clock.advance(Duration.ofSeconds(5));
            FleetPoll down = poller.poll();

            assertThat(down.unreadable()).isEqualTo(2);
            down.readings().forEach((link, reading) -> {
                if (link.sqlServer().equals("SQLB")) {
                    assertThat(reading).as(link.toString()).isInstanceOfSatisfying(LinkReading.Unreadable.class,
                            u -> assertThat(u.why()).startsWith("SQL Server 'SQLB' did not answer the status read: ")
                                    .endsWith("the next poll reads again"));
                } else {
                    assertThat(reading).as(link.toString()).isInstanceOf(LinkReading.Read.class);
                }
            });
            assertThat(down.sources()).filteredOn(s -> !s.answered()).singleElement()
                    .satisfies(s -> assertThat(s.key()).isEqualTo("SQLB"));
            assertThat(linkLists(b)).as("instance b is still listed while its SQL Server is down").isEqualTo(2);
        }
    }

    @Test
    void aKeptConnectionThatBrokeBetweenPollsIsReplacedWithinTheSamePoll() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        List<Connection> opened = new CopyOnWriteArrayList<>();
        try (FleetTwins a = new FleetTwins("SQLA", "mi-a", 1, clock);
             FleetTwins b = new FleetTwins("SQLB", "mi-b", 1, clock);
             LinkFleetPoller poller = new LinkFleetPoller(fleet(a, b, opened), Clock.systemUTC(), 2,
                     Duration.ofSeconds(30))) {
            poller.poll();
            Connection first = opened.stream().filter(c -> url(c).contains(":" + a.sql.port())).findFirst()
                    .orElseThrow();
            first.close();

            FleetPoll next = poller.poll();

            assertThat(next.unreadable()).as(next.readings().toString()).isZero();
            assertThat(opened).as("a new connection for A only").hasSize(3);
            assertThat(a.sql.requestsByConnection().values()).as("requests per connection of A")
                    .containsExactly(1, 1);
        }
    }

    @Test
    void aScheduledPollerTellsItsListenerEveryPollAndSurvivesAListenerThatThrows() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (FleetTwins a = new FleetTwins("SQLA", "mi-a", 2, clock);
             FleetTwins b = new FleetTwins("SQLB", "mi-b", 1, clock);
             LinkFleetPoller poller = new LinkFleetPoller(fleet(a, b, new ArrayList<>()), Clock.systemUTC(), 4,
                     Duration.ofSeconds(30))) {
            LinkedBlockingQueue<FleetPoll> told = new LinkedBlockingQueue<>();
            poller.start(Duration.ofMillis(200), poll -> {
                told.add(poll);
                if (poll.number() == 1) {
                    throw new IllegalStateException("a detector's bug");
                }
            });
            List<Long> numbers = new ArrayList<>();
            while (numbers.size() < 3) {
                FleetPoll poll = told.poll(60, TimeUnit.SECONDS);
                assertThat(poll).as("a poll within a minute").isNotNull();
                numbers.add(poll.number());
                assertThat(poll.readings()).hasSize(3);
            }
            assertThat(numbers).containsExactly(1L, 2L, 3L);
            assertThat(poller.listenerFailures()).isEqualTo(1);
            assertThat(poller.lastListenerFailure()).hasMessage("a detector's bug");
        }
    }

    private static String url(Connection c) {
        try {
            return c.getMetaData().getURL();
        } catch (SQLException e) {
            return "";
        }
    }

}
