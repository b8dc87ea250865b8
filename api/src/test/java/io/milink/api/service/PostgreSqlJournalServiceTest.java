package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.api.Milink;
import io.milink.api.service.auth.BearerTokens;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.StoredToken;
import io.milink.api.service.auth.TokenStore;
import io.milink.journal.EmbeddedPostgres;
import io.milink.journal.Journal;
import io.milink.journal.JournalLocation;
import io.milink.journal.OperationJournal;
import io.milink.journal.OperationState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service and {@code milink token create} on a journal in PostgreSQL (docs/operations.md, "Running several
 * replicas"): {@code /health/ready} says whether this replica reaches it, a second replica serves beside the first
 * without failing its work, and a token created with serve's configuration file lands in the journal that file
 * names.
 */
class PostgreSqlJournalServiceTest {

    @TempDir
    Path dir;

    @Test
    void readyAnswers503WhileThePostgreSqlJournalRefusesConnectionsAnd200OnceItAcceptsThemAgain() throws Exception {
        JournalLocation.PostgreSql journal = EmbeddedPostgres.freshJournal();
        String database = journal.url().substring(journal.url().lastIndexOf('/') + 1);
        try (ServiceHarness service = ServiceHarness.start(
                new ServiceConfig(dir, "127.0.0.1", 0, true).withJournal(journal))) {
            assertThat(readyStatus(service)).isEqualTo(200);

            superuser("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            // The pool's connections too: a replica cut off from its database has none left.
            superuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            HttpResponse<Buffer> down = awaitReady(service, 503);
            assertThat(down.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
                    .filter(check -> check.getString("id").equals("journal")).findFirst().orElseThrow()
                    .getString("status")).isEqualTo("DOWN");

            superuser("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            assertThat(awaitReady(service, 200).bodyAsJsonObject().getString("status")).isEqualTo("UP");
        }
    }

    @Test
    void aSecondReplicaOnTheSameJournalServesBesideTheFirstAndFailsOnlyTheWorkOfReplicasThatAreGone()
            throws Exception {
        JournalLocation.PostgreSql journal = EmbeddedPostgres.freshJournal();
        ServiceConfig config = new ServiceConfig(dir, "127.0.0.1", 0, true).withJournal(journal);
        ServiceConfig secondConfig = new ServiceConfig(dir.resolve("second"), "127.0.0.1", 0, true)
                .withJournal(journal);
        try (ServiceHarness first = ServiceHarness.start(config); Journal shared = Journal.open(journal)) {
            assertThat(readyStatus(first)).isEqualTo(200);
            // A preflight the first replica accepted (still queued there), and one a replica that is gone left.
            String firsts = new OperationJournal(shared, first.service.replica()).create("preflight", "token:1", "{}")
                    .id();
            String orphan = new OperationJournal(shared, "milink gone-host/4242/abcdef").create("preflight",
                    "token:1", "{}").id();

            try (MilinkService second = MilinkService.start(secondConfig)) {
                assertThat(second.initialOperatorToken()).as("the first start's token is in the journal").isEmpty();
                assertThat(second.replica()).isNotEqualTo(first.service.replica());
                assertThat(second.interruptedAtStart()).as("only the gone replica's").isEqualTo(1);
                assertThat(state(shared, orphan)).isEqualTo(OperationState.Failed);
                assertThat(state(shared, firsts)).as("a live replica's work is its own").isEqualTo(OperationState.Queued);
                assertThat(readyStatus(first)).as("the first serves on").isEqualTo(200);
            }
            assertThat(state(shared, firsts)).as("the second's stop leaves it too").isEqualTo(OperationState.Queued);
        }
    }

    private static OperationState state(Journal journal, String id) {
        return new OperationJournal(journal).find(id).orElseThrow().state();
    }

    @Test
    void aTokenCreatedWhileTwoReplicasRunIsAcceptedByBothWithoutARestart() throws Exception {
        JournalLocation.PostgreSql journal = EmbeddedPostgres.freshJournal();
        Path config = serveConfig(journal);
        try (ServiceHarness first = ServiceHarness.start(new ServiceConfig(dir.resolve("a"), "127.0.0.1", 0, true)
                .withJournal(journal));
             ServiceHarness second = ServiceHarness.start(new ServiceConfig(dir.resolve("b"), "127.0.0.1", 0, true)
                     .withJournal(journal))) {
            Run run = milink("token", "create", "--role", "reader", "--config", config.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            String token = run.out().strip();
            for (ServiceHarness replica : List.of(first, second)) {
                java.time.Instant deadline = java.time.Instant.now().plus(MilinkService.TOKEN_REFRESH.multipliedBy(3));
                int status = 0;
                while (java.time.Instant.now().isBefore(deadline)) {
                    status = replica.get("/v1/links", token).send().await().statusCode();
                    if (status == 200) {
                        break;
                    }
                    assertThat(status).as("refused until read again, then accepted").isEqualTo(401);
                    Thread.sleep(100);
                }
                assertThat(status).as("within %s of its creation", MilinkService.TOKEN_REFRESH.multipliedBy(3))
                        .isEqualTo(200);
                assertThat(replica.get("/v1/links", token + "x").send().await().statusCode())
                        .as("another token still").isEqualTo(401);
            }
        }
    }

    @Test
    void tokenCreateWithServesConfigurationFileWritesToThePostgreSqlJournalItNames() throws Exception {
        JournalLocation.PostgreSql journal = EmbeddedPostgres.freshJournal();
        Path config = serveConfig(journal);

        Run run = milink("token", "create", "--role", "reader", "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        String token = run.out().strip();
        try (Journal opened = Journal.open(journal)) {
            List<StoredToken> stored = new TokenStore(opened).all();
            assertThat(stored).singleElement().satisfies(t -> {
                assertThat(t.role()).isEqualTo(Role.READER);
                assertThat(t.sha256Hex()).isEqualTo(BearerTokens.sha256Hex(token));
            });
        }
        assertThat(Files.exists(dir.resolve("journal.mv.db"))).as("no embedded journal beside it").isFalse();
    }

    @Test
    void tokenCreateFindsThePostgreSqlJournalInTheEnvironmentUnderMilinkJournalNames() throws Exception {
        JournalLocation.PostgreSql journal = EmbeddedPostgres.freshJournal();
        Path passwordFile = dir.resolve("journal-password");
        Files.writeString(passwordFile, "unchecked-by-a-trusting-server\n");
        java.util.Map<String, String> environment = java.util.Map.of("MILINK_JOURNAL", journal.url(),
                "MILINK_JOURNAL_USER", journal.user(), "MILINK_JOURNAL_PASSWORD_FILE", passwordFile.toString());
        var cli = new picocli.CommandLine(new io.milink.api.cli.TokenCommand.Create())
                .setDefaultValueProvider(new io.milink.api.cli.ServeDefaults(environment));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("--role", "operator", "--data-dir", dir.toString())).as(err.toString()).isZero();

        try (Journal opened = Journal.open(journal)) {
            assertThat(new TokenStore(opened).all()).singleElement().satisfies(t ->
                    assertThat(t.sha256Hex()).isEqualTo(BearerTokens.sha256Hex(out.toString().strip())));
        }
        assertThat(Files.exists(dir.resolve("journal.mv.db"))).as("not the data directory's journal").isFalse();
    }

    @Test
    void journalOptionsThatDoNotGoTogetherOrAPasswordInTheConfigurationAreRefusedWithWhatToDo() throws Exception {
        assertThat(milink("token", "create", "--role", "reader", "--data-dir", dir.toString(),
                "--journal-user", "milink").err())
                .contains("--journal-user and the journal password go with --journal jdbc:postgresql://");
        assertThat(milink("token", "create", "--role", "reader", "--journal", "jdbc:postgresql://db/milink",
                "--journal-user", "milink").err())
                .contains("exactly one of --journal-password-env VAR or --journal-password-file FILE");
        assertThat(milink("token", "create", "--role", "reader", "--journal", "/var/lib/milink").err())
                .contains("for the embedded journal give --data-dir DIR instead");
        assertThat(milink("token", "create", "--role", "reader", "--journal",
                "jdbc:postgresql://db/milink?password=hunter2", "--journal-user", "milink",
                "--journal-password-env", "PW").err())
                .contains("must not hold a password").doesNotContain("hunter2");

        Path config = dir.resolve("serve.yaml");
        Files.writeString(config, "journal: jdbc:postgresql://db/milink\njournal-user: milink\n"
                + "journal-password: hunter2\n");
        Run withPassword = milink("serve", "--config", config.toString());
        assertThat(withPassword.exitCode()).isNotZero();
        assertThat(withPassword.err()).contains("journal-password: a password is never written in the "
                + "configuration").doesNotContain("hunter2");
    }

    private static int readyStatus(ServiceHarness service) {
        return service.get("/health/ready", null).send().await().statusCode();
    }

    /** Polls readiness until it answers {@code status}: a probe's journal check gives up after two seconds. */
    private static HttpResponse<Buffer> awaitReady(ServiceHarness service, int status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        HttpResponse<Buffer> last = null;
        while (Instant.now().isBefore(deadline)) {
            last = service.get("/health/ready", null).send().await();
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/health/ready did not answer " + status + " within 30 s; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.bodyAsString()));
    }

    private static void superuser(String sql) throws Exception {
        try (Connection c = EmbeddedPostgres.superuserConnection("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

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

    /** A serve.yaml naming {@code journal}, its password in a file (the embedded server does not check it). */
    private Path serveConfig(JournalLocation.PostgreSql journal) throws java.io.IOException {
        Path passwordFile = dir.resolve("journal-password");
        Files.writeString(passwordFile, "unchecked-by-a-trusting-server\n");
        return Files.writeString(dir.resolve("serve.yaml"), "journal: " + journal.url() + "\n"
                + "journal-user: " + journal.user() + "\n"
                + "journal-password-file: " + passwordFile + "\n");
    }
}
