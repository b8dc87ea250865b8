package io.milink.simulator.pki;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The twins' 2048-bit RSA keys, reused from one run to the next. A twin needs half a dozen keys (TLS servers, its
 * CA hierarchy, the certificates SQL Server creates), and generating one costs 50–300 ms of CPU: most of a short
 * rehearsal. Keys are handed out in order, so one process never gets the same key twice; the first
 * {@value #SIZE} are kept as PKCS#8 files in a cache folder and read back by later processes, the rest are fresh.
 *
 * <p>These keys belong to twins, which nothing trusts but a test or a rehearsal that pins their certificates; the
 * files are readable by their owner only all the same. The folder is {@code milink.twinKeyCache} (system
 * property), else {@code MILINK_TWIN_KEY_CACHE}, else {@code ~/.milink/twin-keys}; {@code off} turns reuse off.
 */
public final class TwinKeyPool {

    static final int SIZE = 32;
    private static final String PROPERTY = "milink.twinKeyCache";
    private static final String ENVIRONMENT = "MILINK_TWIN_KEY_CACHE";

    private static final TwinKeyPool SHARED = new TwinKeyPool(configuredFolder(), () ->
            CertificateIssuer.freshRsaKeyPair(2048));

    private final Path folder;
    private final Supplier<KeyPair> generator;
    private final AtomicInteger next = new AtomicInteger();

    TwinKeyPool(Path folder, Supplier<KeyPair> generator) {
        this.folder = folder;
        this.generator = generator;
    }

    /** The process-wide pool. */
    public static TwinKeyPool shared() {
        return SHARED;
    }

    /** A 2048-bit RSA key pair no earlier call of this process received. */
    public KeyPair next() {
        int index = next.getAndIncrement();
        if (folder == null || index >= SIZE) {
            return generator.get();
        }
        Path file = folder.resolve(String.format("twin-key-%02d.pk8", index));
        KeyPair stored = read(file);
        if (stored != null) {
            return stored;
        }
        KeyPair fresh = generator.get();
        write(file, fresh);
        return fresh;
    }

    /** A stored key, or null when there is none or it cannot be read (then a fresh key replaces it). */
    private static KeyPair read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
            if (!(key instanceof RSAPrivateCrtKey crt) || crt.getModulus().bitLength() != 2048) {
                return null;
            }
            PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new KeyPair(publicKey, key);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Stores a key for later processes: written to a temporary file and moved into place, so a process reading
     * concurrently sees a whole key or none. A folder that cannot be written only costs the reuse.
     */
    private void write(Path file, KeyPair keys) {
        try {
            writeOwnerOnly(file, keys.getPrivate().getEncoded());
        } catch (IOException | RuntimeException e) {
            // Reuse is an optimisation; the key in hand is still good.
        }
    }

    /**
     * Replaces {@code file} with {@code content}, readable by its owner only from the first byte: written to a
     * temporary file beside it that is restricted before anything is written, then moved into place (atomically
     * where the file system can), so a reader never sees half a file.
     */
    static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path folder = file.getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, file.getFileName() + "-", ".tmp");
        try {
            restrictToOwner(temporary);
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user's profile folder is private already.
        }
    }

    /** The cache folder as configured, or null when reuse is off. */
    static Path configuredFolder() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT);
        }
        if (configured != null && configured.equalsIgnoreCase("off")) {
            return null;
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String home = System.getProperty("user.home");
        return home == null ? null : Path.of(home, ".milink", "twin-keys");
    }
}
