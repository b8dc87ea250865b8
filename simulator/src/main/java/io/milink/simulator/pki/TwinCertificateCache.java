package io.milink.simulator.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The twins' own certificates (their TLS servers', the ARM twin's endpoint chain), kept with their keys from one run
 * to the next, beside the {@link TwinKeyPool}'s keys. Signing them is RSA work that a short rehearsal pays on every
 * start: five signatures under the client compiler, a tenth of its sampled CPU (bench/README.md, StartupBench).
 *
 * <p>Their validity windows are relative to the moment they are issued ("from an hour ago for 30 days"), so an
 * entry is reused only while it is at most {@link #MAX_AGE} old: a reused certificate's dates are those a fresh one
 * would have had at most a day earlier, far from any expiry, and never in the future. An entry is issued again, with
 * the keys it had, when it is older, when its clock is ahead of this machine's, when any certificate in it is not
 * valid now, when the names it was issued for (subject, SANs) or the code that issues it changed, or when it cannot
 * be read. One process never receives the same entry twice: the second request of a kind gets the kind's second
 * entry, so two twins of one process still have certificates (and keys) of their own.
 *
 * <p>Keys of new entries are generated for the entry, not taken from the key pool, so no key is shared between a
 * cached certificate and one the pool hands out. The files are readable by their owner only, in the key pool's
 * folder ({@code milink.twinKeyCache}, else {@code MILINK_TWIN_KEY_CACHE}, else {@code ~/.milink/twin-keys});
 * {@code off} turns reuse off, and every certificate is issued afresh.
 */
public final class TwinCertificateCache {

    /** How old a reused entry may be. */
    static final Duration MAX_AGE = Duration.ofDays(1);
    /** Entries per kind: requests of one process beyond these are issued afresh and not kept. */
    static final int ENTRIES_PER_KIND = 4;

    private static final String HEADER = "# milink twin certificates: keys and certificates of one twin, reused for a day";
    private static final String DESCRIPTION = "description: ";
    private static final String ISSUED = "issued: ";
    private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final String END_KEY = "-----END PRIVATE KEY-----";
    private static final String BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final String END_CERTIFICATE = "-----END CERTIFICATE-----";

    private static final TwinCertificateCache SHARED = new TwinCertificateCache(TwinKeyPool.configuredFolder(),
            Clock.systemUTC(), () -> CertificateIssuer.freshRsaKeyPair(2048));

    /** What issues an entry's certificates: with these keys (one per certificate), as of {@code now}. */
    @FunctionalInterface
    public interface Issuer {
        List<IssuedCertificate> issue(List<KeyPair> keys, Instant now);
    }

    private final Path folder;
    private final Clock clock;
    private final Supplier<KeyPair> keyGenerator;
    private final Map<String, AtomicInteger> handedOut = new ConcurrentHashMap<>();

    TwinCertificateCache(Path folder, Clock clock, Supplier<KeyPair> keyGenerator) {
        this.folder = folder;
        this.clock = clock;
        this.keyGenerator = keyGenerator;
    }

    /** The process-wide cache. */
    public static TwinCertificateCache shared() {
        return SHARED;
    }

    /**
     * The entry's certificates: reused when a stored entry fits, else issued (and stored).
     *
     * @param kind        names the entry's file: a file name part, the same for every request of the kind
     * @param description everything the certificates depend on besides keys and time (names, validity lengths,
     *                    and {@link #codeIdentity} of the issuing classes); a stored entry with another is reissued
     * @param count       how many certificates (and keys) the entry holds
     * @param fits        checks a stored entry's certificates for what they must say (subject, SANs)
     * @param fresh       keys when there is no entry at all, or this process had all entries of the kind already
     */
    public List<IssuedCertificate> certificates(String kind, String description, int count,
                                                Predicate<List<IssuedCertificate>> fits, Supplier<KeyPair> fresh,
                                                Issuer issuer) {
        int entry = handedOut.computeIfAbsent(kind, k -> new AtomicInteger()).getAndIncrement();
        Instant now = clock.instant();
        if (folder == null || entry >= ENTRIES_PER_KIND) {
            return issuer.issue(keys(count, fresh), now);
        }
        Path file = folder.resolve("twin-cert-" + kind + "-" + entry + ".pem");
        Stored stored = read(file, count);
        if (stored != null && stored.description.equals(description) && !stored.issued.isAfter(now)
                && !stored.issued.plus(MAX_AGE).isBefore(now) && validAt(stored.certificates, now)
                && fits.test(stored.certificates)) {
            return stored.certificates;
        }
        List<KeyPair> keys = stored != null ? stored.keys() : keys(count, keyGenerator);
        List<IssuedCertificate> issued = issuer.issue(keys, now);
        write(file, description, now, issued);
        return issued;
    }

    /**
     * A digest of the class files of {@code issuing}: part of an entry's description, so that certificates issued
     * by code that has since changed (other extensions, another layout) are issued again.
     */
    public static String codeIdentity(Class<?>... issuing) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Class<?> type : issuing) {
                String resource = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
                try (InputStream in = type.getResourceAsStream(resource)) {
                    if (in == null) {
                        return "unknown";
                    }
                    sha256.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha256.digest(), 0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            // Nothing to compare against: such entries never match, so nothing stale is reused.
            return "unknown-" + System.nanoTime();
        }
    }

    private static List<KeyPair> keys(int count, Supplier<KeyPair> source) {
        List<KeyPair> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(source.get());
        }
        return keys;
    }

    private static boolean validAt(List<IssuedCertificate> certificates, Instant now) {
        for (IssuedCertificate c : certificates) {
            if (now.isBefore(c.certificate().getNotBefore().toInstant())
                    || now.isAfter(c.certificate().getNotAfter().toInstant())) {
                return false;
            }
        }
        return true;
    }

    private record Stored(String description, Instant issued, List<IssuedCertificate> certificates) {
        List<KeyPair> keys() {
            return certificates.stream().map(IssuedCertificate::keyPair).toList();
        }
    }

    /** A stored entry, or null when there is none or it cannot be read whole (then it is issued again). */
    private static Stored read(Path file, int count) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String description = null;
            Instant issued = null;
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> certificates = new ArrayList<>();
            StringBuilder block = null;
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (block != null) {
                    if (line.equals(END_KEY) || line.equals(END_CERTIFICATE)) {
                        byte[] der = Base64.getMimeDecoder().decode(block.toString());
                        (line.equals(END_KEY) ? keys : certificates).add(der);
                        block = null;
                    } else {
                        block.append(line);
                    }
                } else if (line.equals(BEGIN_KEY) || line.equals(BEGIN_CERTIFICATE)) {
                    block = new StringBuilder();
                } else if (line.startsWith(DESCRIPTION)) {
                    description = line.substring(DESCRIPTION.length());
                } else if (line.startsWith(ISSUED)) {
                    issued = Instant.parse(line.substring(ISSUED.length()));
                }
            }
            if (description == null || issued == null || keys.size() != count || certificates.size() != count) {
                return null;
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            List<IssuedCertificate> entry = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(keys.get(i)));
                if (!(key instanceof RSAPrivateCrtKey crt)) {
                    return null;
                }
                PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                        crt.getPublicExponent()));
                X509Certificate certificate = (X509Certificate) x509.generateCertificate(
                        new ByteArrayInputStream(certificates.get(i)));
                // A certificate stored with another key than its own is no use to a TLS server.
                if (!certificate.getPublicKey().equals(publicKey)) {
                    return null;
                }
                entry.add(new IssuedCertificate(certificate, new KeyPair(publicKey, key)));
            }
            return new Stored(description, issued, List.copyOf(entry));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Stores an entry for later processes: written to a temporary file and moved into place, so a process reading
     * concurrently sees a whole entry or none. A folder that cannot be written only costs the reuse.
     */
    private void write(Path file, String description, Instant issued, List<IssuedCertificate> certificates) {
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append(DESCRIPTION).append(description).append('\n')
                .append(ISSUED).append(issued).append('\n');
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (IssuedCertificate c : certificates) {
            text.append(BEGIN_KEY).append('\n').append(base64.encodeToString(c.privateKey().getEncoded()))
                    .append('\n').append(END_KEY).append('\n');
        }
        for (IssuedCertificate c : certificates) {
            text.append(BEGIN_CERTIFICATE).append('\n').append(base64.encodeToString(c.der())).append('\n')
                    .append(END_CERTIFICATE).append('\n');
        }
        try {
            TwinKeyPool.writeOwnerOnly(file, text.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            // Reuse is an optimisation; the certificates in hand are still good.
        }
    }
}
