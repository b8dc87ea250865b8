package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.Milink;
import io.milink.api.service.auth.BearerTokens;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.StoredToken;
import io.milink.api.service.auth.TokenVerifier;
import io.milink.journal.Journal;
import io.milink.api.service.auth.TokenStore;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milink token create}, and that the journal holds a token's hash and never the token. */
class TokenTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private static Run milink(String... args) {
        var cli = Milink.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void createPrintsARandomUrlSafeTokenOnItsOwnLineAndStoresOnlyItsHash() throws Exception {
        Run first = milink("token", "create", "--role", "reader", "--data-dir", dir.toString());
        Run second = milink("token", "create", "--role", "operator", "--data-dir", dir.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out().lines().toList()).hasSize(1);
        String token = first.out().strip();
        // 32 random bytes, URL-safe base64 without padding.
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(second.out().strip()).isNotEqualTo(token);
        assertThat(first.err()).contains("shown only this once").doesNotContain(token);

        try (Journal journal = Journal.open(dir)) {
            List<StoredToken> stored = new TokenStore(journal).all();
            assertThat(stored).extracting(StoredToken::role).containsExactly(Role.READER, Role.OPERATOR);
            assertThat(stored.get(0).sha256Hex()).isEqualTo(BearerTokens.sha256Hex(token));
            assertThat(new TokenVerifier(stored).verify(token)).hasValueSatisfying(p ->
                    assertThat(p.role()).isEqualTo(Role.READER));
            assertThat(new TokenVerifier(stored).verify(token + "x")).isEmpty();
            // The whole database as SQL: the hash is there, the token is not.
            try (Connection c = ServiceHarness.openJournal(dir); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SCRIPT")) {
                StringBuilder script = new StringBuilder();
                while (rs.next()) {
                    script.append(rs.getString(1)).append('\n');
                }
                assertThat(script).contains(BearerTokens.sha256Hex(token)).doesNotContain(token);
            }
        }
        // And the files on disk, byte for byte.
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(token).doesNotContain(second.out().strip());
            }
        }
    }

    @Test
    void anUnknownRoleIsRefusedWithTheRolesListed() {
        Run run = milink("token", "create", "--role", "admin", "--data-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("use operator or reader");
    }

    @Test
    void whileTheServiceHoldsTheJournalTokenCreateSaysToStopItFirst() throws Exception {
        // A second process holds the journal, as a running milink serve does; H2 locks the file against others.
        Path lockedDir = dir.resolve("locked");
        Files.createDirectories(lockedDir);
        ProcessBuilder holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JournalHolder.class.getName(), lockedDir.toString());
        holder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = holder.start();
        try {
            String ready = new String(process.getInputStream().readNBytes(6), StandardCharsets.US_ASCII);
            assertThat(ready).isEqualTo("ready\n");
            Run run = milink("token", "create", "--role", "reader", "--data-dir", lockedDir.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("in use by another process").contains("Stop it first");
            assertThat(run.out()).isEmpty();
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    /** Holds a journal open in a separate process, like a running {@code milink serve}. */
    public static final class JournalHolder {
        public static void main(String[] args) throws Exception {
            try (Journal journal = Journal.open(Path.of(args[0]))) {
                System.out.print("ready\n");
                System.out.flush();
                Thread.sleep(60_000);
            }
        }
    }
}
