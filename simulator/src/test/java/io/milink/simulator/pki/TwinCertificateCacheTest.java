package io.milink.simulator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinCertificateCacheTest {

    private static final List<String> NAMES = List.of("localhost", "twin-host");
    private static final Instant T0 = Instant.parse("2026-12-08T02:00:00Z");
    /** Two keys, made once: the tests count how often the cache asks for keys and issues, not RSA's speed. */
    private static final List<KeyPair> KEYS = List.of(CertificateIssuer.freshRsaKeyPair(2048),
            CertificateIssuer.freshRsaKeyPair(2048));

    @TempDir
    Path folder;

    private final AtomicInteger keysGenerated = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();
    private final Supplier<KeyPair> countingKeys = () -> KEYS.get(keysGenerated.getAndIncrement() % KEYS.size());

    private TwinCertificateCache cache(Instant now) {
        return new TwinCertificateCache(folder, Clock.fixed(now, ZoneOffset.UTC), countingKeys);
    }

    /** A TLS server certificate for {@code names} as {@link CertificateIssuer#twinTlsServer} issues it. */
    private IssuedCertificate tls(TwinCertificateCache cache, List<String> names) {
        String description = "tls-server names=" + String.join(",", names) + " days=30";
        return cache.certificates("tls-server", description, 1,
                stored -> CertificateIssuer.issuedFor(stored.get(0).certificate(), names), countingKeys,
                (keys, now) -> {
                    issued.incrementAndGet();
                    return List.of(CertificateIssuer.tlsServer(names, 30, keys.get(0), now));
                }).get(0);
    }

    @Test
    void aLaterProcessReusesTheCertificateAndItsKeyWithinADay() throws Exception {
        IssuedCertificate first = tls(cache(T0), NAMES);

        IssuedCertificate later = tls(cache(T0.plus(Duration.ofHours(23))), NAMES);

        assertThat(issued).as("issued once, read back once").hasValue(1);
        assertThat(later.der()).isEqualTo(first.der());
        assertThat(later.privateKey()).isEqualTo(first.privateKey());
        assertThat(later.certificate().getNotBefore().toInstant()).isEqualTo(T0.minus(Duration.ofHours(1)));
    }

    @Test
    void anEntryMoreThanADayOldIsIssuedAgainWithTheSameKeyAndNewDates() {
        IssuedCertificate first = tls(cache(T0), NAMES);
        Instant nextDay = T0.plus(Duration.ofDays(1)).plusSeconds(1);

        IssuedCertificate renewed = tls(cache(nextDay), NAMES);

        assertThat(issued).hasValue(2);
        assertThat(keysGenerated).as("a renewal keeps the entry's key").hasValue(1);
        assertThat(renewed.privateKey()).isEqualTo(first.privateKey());
        assertThat(renewed.certificate().getNotBefore().toInstant()).isEqualTo(nextDay.minus(Duration.ofHours(1)));
        assertThat(tls(cache(nextDay.plusSeconds(60)), NAMES).der()).as("the renewed entry is kept")
                .isEqualTo(renewed.der());
    }

    @Test
    void anEntryFromTheFutureOrNoLongerValidIsIssuedAgain() {
        tls(cache(T0), NAMES);
        tls(cache(T0.minusSeconds(60)), NAMES);
        assertThat(issued).as("issued after now: this machine's clock went back").hasValue(2);

        TwinCertificateCache cache = new TwinCertificateCache(folder, Clock.fixed(T0, ZoneOffset.UTC), countingKeys);
        String description = "short";
        cache.certificates("short", description, 1, stored -> true, countingKeys, (keys, now) -> {
            issued.incrementAndGet();
            return List.of(CertificateIssuer.selfSigned("short", now.minusSeconds(60), now.plusSeconds(60),
                    keys.get(0)));
        });
        new TwinCertificateCache(folder, Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC), countingKeys)
                .certificates("short", description, 1, stored -> true, countingKeys, (keys, now) -> {
                    issued.incrementAndGet();
                    return List.of(CertificateIssuer.selfSigned("short", now.minusSeconds(60),
                            now.plusSeconds(60), keys.get(0)));
                });
        assertThat(issued).as("expired within the day: issued again").hasValue(4);
    }

    @Test
    void otherNamesOrAnotherDescriptionIssueTheEntryAgain() {
        IssuedCertificate first = tls(cache(T0), NAMES);

        IssuedCertificate renamed = tls(cache(T0.plusSeconds(60)), List.of("localhost", "renamed-host"));

        assertThat(issued).hasValue(2);
        assertThat(CertificateIssuer.issuedFor(renamed.certificate(), List.of("localhost", "renamed-host"))).isTrue();
        assertThat(CertificateIssuer.issuedFor(first.certificate(), List.of("localhost", "renamed-host"))).isFalse();

        // The same description but certificates that do not say it (subject or SANs): issued again.
        TwinCertificateCache cache = cache(T0.plusSeconds(120));
        cache.certificates("tls-server", "tls-server names=localhost,renamed-host days=30", 1,
                stored -> CertificateIssuer.issuedFor(stored.get(0).certificate(), List.of("localhost", "other")),
                countingKeys, (keys, now) -> {
                    issued.incrementAndGet();
                    return List.of(CertificateIssuer.tlsServer(NAMES, 30, keys.get(0), now));
                });
        assertThat(issued).hasValue(3);
    }

    @Test
    void oneProcessGetsADifferentEntryForEachRequestAndTheNextProcessTheSameOnes() {
        TwinCertificateCache process = cache(T0);
        IssuedCertificate a = tls(process, NAMES);
        IssuedCertificate b = tls(process, NAMES);
        assertThat(a.der()).isNotEqualTo(b.der());
        assertThat(a.keyPair().getPublic()).isNotEqualTo(b.keyPair().getPublic());

        TwinCertificateCache next = cache(T0.plusSeconds(60));
        assertThat(tls(next, NAMES).der()).isEqualTo(a.der());
        assertThat(tls(next, NAMES).der()).isEqualTo(b.der());
        assertThat(issued).hasValue(2);
    }

    @Test
    void requestsBeyondTheEntriesPerKindAreFreshAndNotStored() throws Exception {
        TwinCertificateCache process = cache(T0);
        for (int i = 0; i <= TwinCertificateCache.ENTRIES_PER_KIND; i++) {
            tls(process, NAMES);
        }
        assertThat(issued).hasValue(TwinCertificateCache.ENTRIES_PER_KIND + 1);
        try (var files = Files.list(folder)) {
            assertThat(files).hasSize(TwinCertificateCache.ENTRIES_PER_KIND);
        }
    }

    @Test
    void storedEntriesAreTheOwnersOnlyAndAnUnreadableOneIsIssuedAgain() throws Exception {
        tls(cache(T0), NAMES);
        Path stored = folder.resolve("twin-cert-tls-server-0.pem");
        if (Files.getFileStore(stored).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(stored))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        Files.writeString(stored, "not an entry");

        IssuedCertificate replaced = tls(cache(T0.plusSeconds(60)), NAMES);

        assertThat(issued).hasValue(2);
        assertThat(tls(cache(T0.plusSeconds(120)), NAMES).der()).isEqualTo(replaced.der());
        try (var left = Files.list(folder)) {
            assertThat(left).as("no temporary files left behind").allMatch(p -> p.toString().endsWith(".pem"));
        }
    }

    @Test
    void aCertificateStoredWithAnotherKeyIsIssuedAgain() throws Exception {
        tls(cache(T0), NAMES);
        Path stored = folder.resolve("twin-cert-tls-server-0.pem");
        String text = Files.readString(stored);
        String otherKey = java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(KEYS.get(1).getPrivate().getEncoded());
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----\n") + "-----BEGIN PRIVATE KEY-----\n".length();
        int end = text.indexOf("\n-----END PRIVATE KEY-----");
        Files.writeString(stored, text.substring(0, begin) + otherKey + text.substring(end));

        tls(cache(T0.plusSeconds(60)), NAMES);

        assertThat(issued).hasValue(2);
    }

    @Test
    void withoutAFolderEveryCertificateIsIssuedAfresh() {
        TwinCertificateCache off = new TwinCertificateCache(null, Clock.fixed(T0, ZoneOffset.UTC), countingKeys);
        tls(off, NAMES);
        tls(new TwinCertificateCache(null, Clock.fixed(T0, ZoneOffset.UTC), countingKeys), NAMES);
        assertThat(issued).hasValue(2);
    }

    @Test
    void theCodeIdentityChangesWithTheIssuingClasses() {
        assertThat(TwinCertificateCache.codeIdentity(CertificateIssuer.class))
                .isEqualTo(TwinCertificateCache.codeIdentity(CertificateIssuer.class))
                .isNotEqualTo(TwinCertificateCache.codeIdentity(TwinKeyPool.class))
                .hasSize(24);
    }

    @Test
    void theTwinsTlsCertificateSaysWhatAFreshOneSays() throws Exception {
        IssuedCertificate twin = CertificateIssuer.twinTlsServer(NAMES, 30);
        IssuedCertificate fresh = CertificateIssuer.tlsServer(NAMES, 30);
        assertThat(CertificateIssuer.issuedFor(twin.certificate(), NAMES)).isTrue();
        assertThat(CertificateIssuer.issuedFor(fresh.certificate(), NAMES)).isTrue();
        assertThat(twin.certificate().getExtendedKeyUsage()).isEqualTo(fresh.certificate().getExtendedKeyUsage());
        assertThat(twin.certificate().getKeyUsage()).isEqualTo(fresh.certificate().getKeyUsage());
        Duration validity = Duration.between(twin.certificate().getNotBefore().toInstant(),
                twin.certificate().getNotAfter().toInstant());
        assertThat(validity).isEqualTo(Duration.ofDays(30).plusHours(1));
        assertThat(twin.certificate().getNotBefore().toInstant())
                .isAfter(Instant.now().minus(TwinCertificateCache.MAX_AGE).minus(Duration.ofHours(1)));
    }
}
