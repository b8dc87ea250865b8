package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatusJson;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * When a link's status is served from memory: fresh for the time to live; then, while one reader reads it again in
 * the background, the last one up to twice the time to live; never what a read that started before an operation
 * ended saw, and never once the link was invalidated.
 */
class LinkStatusCacheTest {

    private static final Duration TTL = Duration.ofSeconds(2);

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final LinkStatusCache cache = new LinkStatusCache(TTL, clock);

    private static LinkStatus status(String sqlServer) {
        return new LinkStatus(sqlServer, "mi1", Instant.parse("2026-12-01T09:59:59Z"), List.of());
    }

    @Test
    void aFreshStatusIsServedWithItsEtagAndBodyAsTheRouteWouldRenderThemAndNobodyIsAskedToReadAgain() {
        LinkStatus status = status("sql1");
        cache.put("DAG_Sales", status, cache.generation());
        clock.advance(TTL.minusMillis(1));

        LinkStatusCache.Served served = cache.serve("DAG_Sales").orElseThrow();
        assertThat(served.refresh()).isFalse();
        assertThat(served.answer().status()).isSameAs(status);
        assertThat(served.answer().etag()).isEqualTo(LinkStatusEtag.of(status));
        assertThat(served.answer().body().toString(StandardCharsets.UTF_8))
                .isEqualTo(LinkStatusJson.render(status, false));
        assertThat(cache.fresh("DAG_Sales")).containsSame(status);
        assertThat(cache.serve("DAG_Other")).isEmpty();
    }

    @Test
    void pastTheTimeToLiveOneReaderReadsAgainWhileAllAreServedTheLastStatusUntilItIsTwiceThatOld() {
        LinkStatus old = status("sql1");
        cache.put("DAG_Sales", old, cache.generation());
        clock.advance(TTL);

        assertThat(cache.fresh("DAG_Sales")).isEmpty();
        LinkStatusCache.Served first = cache.serve("DAG_Sales").orElseThrow();
        LinkStatusCache.Served second = cache.serve("DAG_Sales").orElseThrow();
        assertThat(first.refresh()).as("the first reader past the time to live reads again").isTrue();
        assertThat(second.refresh()).as("only one read at a time").isFalse();
        assertThat(first.answer().status()).isSameAs(old);
        assertThat(second.answer().status()).isSameAs(old);

        // The background read lands: the new status is fresh again.
        LinkStatus renewed = status("sql2");
        cache.put("DAG_Sales", renewed, cache.generation());
        LinkStatusCache.Served after = cache.serve("DAG_Sales").orElseThrow();
        assertThat(after.answer().status()).isSameAs(renewed);
        assertThat(after.refresh()).isFalse();
    }

    @Test
    void aStatusTwiceTheTimeToLiveOldIsNotServedEvenWhenItsBackgroundReadNeverLanded() {
        cache.put("DAG_Sales", status("sql1"), cache.generation());
        clock.advance(TTL.plusMillis(1));
        assertThat(cache.serve("DAG_Sales").orElseThrow().refresh()).isTrue();
        clock.advance(TTL);

        assertThat(cache.serve("DAG_Sales")).as("the reader must read the link itself").isEmpty();
    }

    @Test
    void anInvalidatedLinkIsNotServedAndAReadThatStartedBeforeTheInvalidationDoesNotStoreWhatItSaw() {
        cache.put("DAG_Sales", status("sql1"), cache.generation());
        long readStarted = cache.generation();
        cache.invalidate("DAG_Sales"); // an operation ended (a failover, a removal)

        assertThat(cache.serve("DAG_Sales")).isEmpty();
        cache.put("DAG_Sales", status("before the failover"), readStarted);
        assertThat(cache.serve("DAG_Sales")).as("a read from before the operation ended").isEmpty();
        assertThat(cache.fresh("DAG_Sales")).isEmpty();

        LinkStatus after = status("after the failover");
        cache.put("DAG_Sales", after, cache.generation());
        assertThat(cache.serve("DAG_Sales").map(s -> s.answer().status())).isEqualTo(Optional.of(after));
    }
}
