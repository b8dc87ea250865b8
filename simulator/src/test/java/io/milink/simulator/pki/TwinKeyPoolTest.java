package io.milink.simulator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinKeyPoolTest {

    @TempDir
    Path folder;

    private final AtomicInteger generated = new AtomicInteger();
    private final Supplier<KeyPair> counting = () -> {
        generated.incrementAndGet();
        return CertificateIssuer.freshRsaKeyPair(2048);
    };

    @Test
    void oneProcessNeverGetsTheSameKeyTwiceAndTheNextProcessReusesThem() {
        TwinKeyPool first = new TwinKeyPool(folder, counting);
        KeyPair a = first.next();
        KeyPair b = first.next();
        assertThat(a.getPublic()).isNotEqualTo(b.getPublic());
        assertThat(generated).hasValue(2);

        TwinKeyPool later = new TwinKeyPool(folder, counting);
        assertThat(later.next().getPublic()).isEqualTo(a.getPublic());
        assertThat(later.next().getPrivate()).isEqualTo(b.getPrivate());
        assertThat(generated).as("read back, not generated again").hasValue(2);
    }

    @Test
    void storedKeysAreTheOwnersOnlyAndAnUnreadableOneIsReplaced() throws Exception {
        new TwinKeyPool(folder, counting).next();
        Path stored = folder.resolve("twin-key-00.pk8");
        if (Files.getFileStore(stored).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(stored))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        Files.write(stored, new byte[] {1, 2, 3});

        KeyPair replaced = new TwinKeyPool(folder, counting).next();

        assertThat(generated).hasValue(2);
        assertThat(new TwinKeyPool(folder, counting).next().getPublic()).isEqualTo(replaced.getPublic());
        try (var left = Files.list(folder)) {
            assertThat(left).as("no temporary files left behind").allMatch(p -> p.toString().endsWith(".pk8"));
        }
    }

    @Test
    void withoutAFolderEveryKeyIsFresh() {
        TwinKeyPool off = new TwinKeyPool(null, counting);
        off.next();
        off.next();
        assertThat(generated).hasValue(2);
    }

    @Test
    void keysBeyondThePoolAreFreshAndNotStored() {
        TwinKeyPool pool = new TwinKeyPool(folder, () -> {
            generated.incrementAndGet();
            return FIXED;
        });
        for (int i = 0; i <= TwinKeyPool.SIZE; i++) {
            pool.next();
        }
        assertThat(generated).hasValue(TwinKeyPool.SIZE + 1);
        assertThat(folder.resolve(String.format("twin-key-%02d.pk8", TwinKeyPool.SIZE))).doesNotExist();
        assertThat(folder.resolve(String.format("twin-key-%02d.pk8", TwinKeyPool.SIZE - 1))).exists();
    }

    private static final KeyPair FIXED = CertificateIssuer.freshRsaKeyPair(2048);
}
