package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.milink.api.service.auth.TokenStore;
import io.milink.journal.Journal;

/**
 * {@code milink serve} on a port another program holds: it names the address and port and what to do (not an
 * "unexpected error … please report it"), and keeps no operator token it never showed, so the next start that
 * listens creates one and prints it.
 */
class ServePortInUseTest {

    @TempDir
    Path dir;

    @Test
    void aPortInUseIsNamedAndTheFirstTokenIsNotLost() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliRun serve = CliRun.of("serve", "--port", Integer.toString(port), "--data-dir", dir.toString());
            assertThat(serve.exitCode()).isEqualTo(2);
            assertThat(serve.err()).contains("cannot listen on 127.0.0.1:" + port, "the port is in use",
                    "pick another --port").doesNotContain("unexpected error", "please report");
            assertThat(serve.out()).doesNotContain("listening on");
        }
        try (Journal journal = Journal.open(dir)) {
            assertThat(new TokenStore(journal).isEmpty()).as("no token kept that was never shown").isTrue();
        }
    }
}
