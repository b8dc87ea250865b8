package io.milink.api.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key handling of the Entra token check against a JWKS served over loopback HTTP: keys are fetched once and cached,
 * a rotated-in key is picked up by one refetch, made-up key ids cannot make it fetch again and again, and an
 * unreachable tenant is "unavailable", not "invalid token".
 */
class EntraTokenVerifierTest {

    private EntraTestTenant tenant;
    private Vertx vertx;

    @BeforeEach
    void start() {
        tenant = new EntraTestTenant();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
        tenant.close();
    }

    @Test
    void keysAreFetchedOnceAndCachedForLaterTokens() {
        EntraTestTenant.Key key = tenant.publishNewKey();
        EntraTokenVerifier verifier = new EntraTokenVerifier(vertx, tenant.settings());
        for (int i = 0; i < 3; i++) {
            Principal caller = verifier.verify(EntraTestTenant.sign(tenant.claims("Milink.Reader"), key)).await();
            assertThat(caller).isEqualTo(new Principal("entra:00000000-0000-0000-0000-00000000beef", Role.READER));
        }
        assertThat(tenant.fetches()).isEqualTo(1);
    }

    @Test
    void requestsFromTwoEventLoopsWaitingForOneFetchEachCarryOnWhereTheyArrived() throws Exception {
        Vertx twoLoops = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            EntraTestTenant.Key key = tenant.publishNewKey();
            tenant.delayFetches(Duration.ofMillis(300));
            EntraTokenVerifier verifier = new EntraTokenVerifier(twoLoops, tenant.settings());
            String token = EntraTestTenant.sign(tenant.claims("Milink.Reader"), key);
            // Two deployments land on the two event loops (Vert.x assigns them round robin).
            List<Context> arrivedOn = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 2; i++) {
                twoLoops.deployVerticle(new AbstractVerticle() {
                    @Override
                    public void start() {
                        arrivedOn.add(context);
                    }
                }).await();
            }
            Map<Integer, String> arrivedThread = new ConcurrentHashMap<>();
            Map<Integer, String> continuedThread = new ConcurrentHashMap<>();
            Map<Integer, Boolean> continuedOnSameContext = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                int request = i;
                Context context = arrivedOn.get(i);
                context.runOnContext(v -> {
                    arrivedThread.put(request, Thread.currentThread().getName());
                    verifier.verify(token).onComplete(verified -> {
                        continuedThread.put(request, Thread.currentThread().getName());
                        continuedOnSameContext.put(request, Vertx.currentContext() == context);
                        done.countDown();
                    });
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(tenant.fetches()).as("both requests waited for one fetch").isEqualTo(1);
            assertThat(arrivedThread.get(0)).as("the requests arrived on two event loops")
                    .isNotEqualTo(arrivedThread.get(1));
            assertThat(continuedThread).isEqualTo(arrivedThread);
            assertThat(continuedOnSameContext).containsEntry(0, true).containsEntry(1, true);
        } finally {
            twoLoops.close().await();
        }
    }

    @Test
    void aRotatedInKeyIsFetchedOnFirstSightOfItsKidOnceTheRefetchWindowHasPassed() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        EntraTestTenant.Key first = tenant.publishNewKey();
        EntraTokenVerifier verifier = new EntraTokenVerifier(vertx, tenant.settings(), Duration.ofSeconds(30),
                nanos::get);
        verifier.verify(EntraTestTenant.sign(tenant.claims("Milink.Operator"), first)).await();
        EntraTestTenant.Key rotated = tenant.publishNewKey();

        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThatThrownBy(() -> verifier.verify(EntraTestTenant.sign(tenant.claims("Milink.Operator"), rotated))
                .await()).as("inside the window the tenant is not asked again")
                .isInstanceOf(EntraTokenVerifier.InvalidToken.class).hasMessageContaining("does not publish");
        assertThat(tenant.fetches()).isEqualTo(1);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        Principal caller = verifier.verify(EntraTestTenant.sign(tenant.claims("Milink.Operator"), rotated)).await();

        assertThat(caller.role()).isEqualTo(Role.OPERATOR);
        assertThat(tenant.fetches()).isEqualTo(2);
        verifier.verify(EntraTestTenant.sign(tenant.claims("Milink.Operator"), rotated)).await();
        assertThat(tenant.fetches()).as("the rotated key is cached now").isEqualTo(2);
    }

    @Test
    void unknownKeyIdsAreRefusedWithoutHammeringTheTenant() {
        EntraTestTenant.Key key = tenant.publishNewKey();
        EntraTokenVerifier verifier = new EntraTokenVerifier(vertx, tenant.settings(), Duration.ofMinutes(5),
                System::nanoTime);
        verifier.verify(EntraTestTenant.sign(tenant.claims("Milink.Reader"), key)).await();
        for (int i = 0; i < 5; i++) {
            EntraTestTenant.Key unpublished = EntraTestTenant.newKey();
            assertThatThrownBy(() -> verifier.verify(EntraTestTenant.sign(tenant.claims("Milink.Reader"),
                    unpublished)).await())
                    .isInstanceOf(EntraTokenVerifier.InvalidToken.class)
                    .hasMessageContaining("does not publish");
        }
        assertThat(tenant.fetches()).as("one fetch at first use; none for the made-up kids").isEqualTo(1);
    }

    @Test
    void anUnreachableTenantMakesTokensUnverifiableNotInvalid() {
        EntraTestTenant.Key key = EntraTestTenant.newKey();
        EntraSettings nowhere = new EntraSettings("http://127.0.0.1:1", tenant.tenant, List.of(EntraTestTenant.AUDIENCE),
                EntraSettings.DEFAULT_READER_ROLE, EntraSettings.DEFAULT_OPERATOR_ROLE);
        EntraTokenVerifier verifier = new EntraTokenVerifier(vertx, nowhere);
        assertThatThrownBy(() -> verifier.verify(EntraTestTenant.sign(tenant.claims("Milink.Reader"), key)).await())
                .isInstanceOf(EntraTokenVerifier.KeysUnavailable.class)
                .hasMessageContaining("/discovery/v2.0/keys");
    }

    /**
     * A key set that never finishes arriving (a byte now and then, so no idle timeout fires) must not hold
     * verification forever: every later request waits for the fetch in progress, so one endless fetch would refuse
     * no one and answer no one. The fetch has a deadline; the token is then unverifiable, and the next fetch is tried.
     */
    @Test
    void aKeySetThatNeverFinishesArrivingEndsAtTheFetchDeadline() throws Exception {
        io.vertx.core.http.HttpServer trickling = vertx.createHttpServer().requestHandler(request -> {
            request.response().setChunked(true).putHeader("Content-Type", "application/json").write("{\"keys\": [");
            vertx.setPeriodic(50, timer -> {
                if (request.response().closed()) {
                    vertx.cancelTimer(timer);
                } else {
                    request.response().write(" ");
                }
            });
        });
        int port = trickling.listen(0, "127.0.0.1").await().actualPort();
        EntraSettings slow = new EntraSettings("http://127.0.0.1:" + port, tenant.tenant,
                List.of(EntraTestTenant.AUDIENCE), EntraSettings.DEFAULT_READER_ROLE,
                EntraSettings.DEFAULT_OPERATOR_ROLE);
        EntraTokenVerifier verifier = new EntraTokenVerifier(vertx, slow, Duration.ZERO, System::nanoTime, 300);
        String token = EntraTestTenant.sign(tenant.claims("Milink.Reader"), EntraTestTenant.newKey());
        long started = System.nanoTime();
        assertThatThrownBy(() -> verifier.verify(token).await(10, TimeUnit.SECONDS))
                .isInstanceOf(EntraTokenVerifier.KeysUnavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("about twice the fetch timeout")
                .isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> verifier.verify(token).await(10, TimeUnit.SECONDS)).as("not stuck on the first")
                .isInstanceOf(EntraTokenVerifier.KeysUnavailable.class);
        trickling.close().await();
    }

    @Test
    void theV1IssuerIsAcceptedOnlyForThePublicCloud() {
        EntraSettings publicCloud = new EntraSettings(EntraSettings.PUBLIC_CLOUD_AUTHORITY, "t1", List.of("a"),
                "r", "o");
        assertThat(publicCloud.issuers()).containsExactlyInAnyOrder(
                "https://login.microsoftonline.com/t1/v2.0", "https://sts.windows.net/t1/");
        assertThat(publicCloud.jwksUri()).isEqualTo("https://login.microsoftonline.com/t1/discovery/v2.0/keys");
        EntraSettings sovereign = new EntraSettings("https://login.microsoftonline.us/", "t1", List.of("a"), "r", "o");
        assertThat(sovereign.issuers()).containsExactly("https://login.microsoftonline.us/t1/v2.0");
    }

    @Test
    void anyOfSeveralAudiencesIsAccepted() {
        EntraTestTenant.Key key = tenant.publishNewKey();
        EntraSettings two = new EntraSettings(tenant.authority(), tenant.tenant,
                List.of("11111111-2222-3333-4444-555555555555", EntraTestTenant.AUDIENCE), "Milink.Reader",
                "Milink.Operator");
        EntraTokenVerifier verifier = new EntraTokenVerifier(vertx, two);
        JsonObject claims = tenant.claims("Milink.Reader").put("aud", "11111111-2222-3333-4444-555555555555");
        assertThat(verifier.verify(EntraTestTenant.sign(claims, key)).await().role()).isEqualTo(Role.READER);
    }
}
