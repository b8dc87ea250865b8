package io.milink.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.milink.api.CliRun;
import io.milink.core.azure.ServerTrustCertificate;
import io.milink.linkmanager.SqlServerObservation;
import io.milink.linkmanager.SqlServerObserver;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.link.VirtualClock;

/**
 * milink link rotate-certificate on the linked-2022 twins (a link another tool made): the script it writes, run step
 * by step as a DBA would (its T-SQL batches over the real driver, its two Azure CLI calls done as the same ARM
 * requests), rotates the certificate with the link still connected; run out of order, its check stops before
 * anything old is removed.
 */
class LinkRotateCertificateCommandTest {

    private static final Pattern STEP = Pattern.compile("(?m)^-- Step (\\d) of 7 \\| (SQL Server|Azure Resource "
            + "Manager) \\| .*$");
    private static final Pattern AZ_NAME = Pattern.compile("--name (\\S+)");

    @TempDir
    Path dir;

    /** One step of the script: its number, side and command (a T-SQL batch, or the Azure CLI line). */
    private record Step(int number, boolean sqlServer, String command) {
    }

    private static List<Step> steps(String script) {
        List<Step> steps = new ArrayList<>();
        Matcher m = STEP.matcher(script);
        List<int[]> bounds = new ArrayList<>();
        while (m.find()) {
            bounds.add(new int[] {m.start(), m.end(), Integer.parseInt(m.group(1)),
                m.group(2).equals("SQL Server") ? 1 : 0});
        }
        for (int i = 0; i < bounds.size(); i++) {
            int end = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : script.length();
            String body = script.substring(bounds.get(i)[1], end).lines()
                    .filter(l -> !l.startsWith("-- Why:")).reduce("", (a, b) -> a + b + "\n");
            boolean sql = bounds.get(i)[3] == 1;
            String command = sql ? body.substring(0, body.lastIndexOf("GO\n")).strip()
                    : body.lines().filter(l -> l.startsWith("--   az ")).findFirst().orElseThrow().substring(5);
            steps.add(new Step(bounds.get(i)[2], sql, command));
        }
        return steps;
    }

    private String spec(LinkedTwins twins) throws Exception {
        TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                twins.arm().orElseThrow(), List.of("Sales")), "linked-2022");
        return dir.resolve(TwinSpecFiles.LINK_SPEC).toString();
    }

    /** Runs one step as a DBA would: the batch in master, or the ARM request the Azure CLI line makes. */
    private static byte[] runStep(Step step, LinkTargets targets, byte[] exported) throws Exception {
        if (step.sqlServer()) {
            try (Statement s = targets.session().sql().createStatement()) {
                if (s.execute(step.command())) {
                    try (ResultSet rs = s.getResultSet()) {
                        return rs.next() ? rs.getBytes(1) : null;
                    }
                }
                return null;
            }
        }
        Matcher name = AZ_NAME.matcher(step.command());
        assertThat(name.find()).as(step.command()).isTrue();
        if (step.command().startsWith("az sql mi partner-cert create")) {
            targets.session().arm().trustCertificates().put(name.group(1), HexFormat.of().formatHex(exported));
        } else {
            assertThat(step.command()).startsWith("az sql mi partner-cert delete");
            targets.session().arm().trustCertificates().delete(name.group(1));
        }
        return null;
    }

    private static boolean connected(Connection sql, String link) throws SQLException {
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT rs.connected_state_desc FROM sys.availability_groups AS ag
                  JOIN sys.dm_hadr_availability_replica_states AS rs ON rs.group_id = ag.group_id
                 WHERE ag.name = N'%s' AND rs.is_local = 0""".formatted(link))) {
            return rs.next() && "CONNECTED".equals(rs.getString(1));
        }
    }

    @Test
    void theScriptRunInItsOrderRotatesTheCertificateAndTheLinkStaysConnected() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").clock(clock).start()) {
            String spec = spec(twins);
            CliRun rotate = CliRun.of("link", "rotate-certificate", "--spec", spec, "--expiry-date", "2030-06-30");
            assertThat(rotate.exitCode()).as(rotate.err()).isZero();

            try (LinkTargets targets = LinkTargets.open(LinkTargets.loadSpec(Path.of(spec), false),
                    new AzureSignInOptions())) {
                Connection sql = targets.session().sql();
                SqlServerObservation before = SqlServerObserver.observe(sql);
                String oldName = before.endpoint().certificateName();
                String newName = "Cert_" + before.serverName() + "_endpoint_"
                        + LocalDate.now().toString().replace("-", "");
                assertThat(rotate.out()).startsWith("-- milink: rotate the SQL Server link certificate " + oldName
                        + " -> " + newName).contains("EXPIRY_DATE = N'20300630'", "Verify link DAG_Sales is CONNECTED",
                        "--instance-name mi-target-01");
                assertThat(connected(sql, "DAG_Sales")).isTrue();

                byte[] exported = null;
                for (Step step : steps(rotate.out())) {
                    byte[] result = runStep(step, targets, exported);
                    exported = step.number() == 2 ? result : exported;
                    clock.advance(Duration.ofSeconds(5));
                }

                SqlServerObservation after = SqlServerObserver.observe(sql);
                assertThat(after.endpoint().certificateName()).isEqualTo(newName);
                assertThat(after.certificate(oldName)).isEmpty();
                assertThat(targets.session().arm().trustCertificates().list()).extracting(ServerTrustCertificate::name)
                        .contains(newName).doesNotContain(oldName);
                clock.advance(Duration.ofSeconds(5));
                assertThat(connected(sql, "DAG_Sales")).isTrue();
            }
        }
    }

    @Test
    void theEndpointSwitchedBeforeTheInstanceTrustsTheNewCertificateDropsTheLinkAndTheCheckStopsTheScript()
            throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").clock(clock).start()) {
            String spec = spec(twins);
            CliRun rotate = CliRun.of("link", "rotate-certificate", "--spec", spec);
            assertThat(rotate.exitCode()).as(rotate.err()).isZero();
            List<Step> steps = steps(rotate.out());
            try (LinkTargets targets = LinkTargets.open(LinkTargets.loadSpec(Path.of(spec), false),
                    new AzureSignInOptions())) {
                runStep(steps.get(0), targets, null);
                runStep(steps.get(3), targets, null); // the switch, without the upload of step 3
                clock.advance(Duration.ofSeconds(5));
                assertThat(connected(targets.session().sql(), "DAG_Sales")).isFalse();
                assertThatThrownBy(() -> runStep(steps.get(4), targets, null)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("Link DAG_Sales is not CONNECTED: keep the old certificate")
                        .hasMessageContaining("switch back with: ALTER ENDPOINT");
            }
        }
    }

    @Test
    void withoutALinkThereIsNothingToRotateAndNothingIsChanged() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            CliRun rotate = CliRun.of("link", "rotate-certificate", "--spec", dir.resolve(TwinSpecFiles.LINK_SPEC).toString());
            assertThat(rotate.exitCode()).isEqualTo(2);
            assertThat(rotate.err()).contains("no rotation script: endpoint Hadr_endpoint authenticates with Windows "
                    + "only (NEGOTIATE): it has no certificate to rotate", "milink link plan");
            assertThat(rotate.out()).isEmpty();
        }
    }

    @Test
    void anExpiryDateInThePastIsRefusedBeforeAnythingIsRead() {
        CliRun rotate = CliRun.of("link", "rotate-certificate", "--spec", dir.resolve("missing.yaml").toString(),
                "--expiry-date", "2020-01-01");
        assertThat(rotate.exitCode()).isEqualTo(2);
        assertThat(rotate.err()).contains("--expiry-date 2020-01-01 is not after today").doesNotContain("missing.yaml");
    }
}
