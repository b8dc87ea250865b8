package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.certs.RotationStep.Side;
import io.milink.core.azure.ManagedInstanceRef;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationPlannerTest {

    private static final ManagedInstanceRef MI =
            new ManagedInstanceRef("38e0dc56-907f-45ba-a97c-74233baad471", "testrg", "sqlmi1");

    private static RotationRequest request(String oldName, String newName, boolean windows) {
        return new RotationRequest(oldName, newName, LocalDate.of(2027, 11, 22), "database_mirroring_endpoint",
                windows, List.of("DAG_Sales"), MI, oldName, newName);
    }

    private final RotationPlan plan = RotationPlanner.plan(request("Cert_SQL01_endpoint",
            "Cert_SQL01_endpoint_20261122", false));

    @Test
    void runsTheStepsInTheSafeOrderOnTheRightSide() {
        assertThat(plan.steps()).extracting(RotationStep::side).containsExactly(
                Side.SQL_SERVER, Side.SQL_SERVER, Side.AZURE_ARM, Side.SQL_SERVER, Side.SQL_SERVER, Side.SQL_SERVER,
                Side.AZURE_ARM);
        assertThat(plan.steps()).extracting(RotationStep::action).satisfiesExactly(
                a -> assertThat(a).startsWith("Create the new link certificate Cert_SQL01_endpoint_20261122"),
                a -> assertThat(a).startsWith("Export"),
                a -> assertThat(a).startsWith("Upload the new certificate"),
                a -> assertThat(a).startsWith("Switch endpoint database_mirroring_endpoint"),
                a -> assertThat(a).startsWith("Verify link DAG_Sales is CONNECTED"),
                a -> assertThat(a).startsWith("Drop the old link certificate Cert_SQL01_endpoint"),
                a -> assertThat(a).startsWith("Remove the old trust certificate Cert_SQL01_endpoint"));
        assertThat(plan.steps()).extracting(RotationStep::number).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(plan.steps()).allSatisfy(s -> assertThat(s.reason()).isNotBlank());
    }

    @Test
    void eachStepCarriesTheCommandThatDoesIt() {
        List<RotationStep> s = plan.steps();
        assertThat(s.get(0).command()).isEqualTo(CertificateTsql.createLinkCertificate("Cert_SQL01_endpoint_20261122",
                LocalDate.of(2027, 11, 22)));
        assertThat(s.get(1).command()).isEqualTo(CertificateTsql.exportCertificate("Cert_SQL01_endpoint_20261122"));
        assertThat(s.get(2).command()).isEqualTo("az sql mi partner-cert create --subscription "
                + "38e0dc56-907f-45ba-a97c-74233baad471 --resource-group testrg --instance-name sqlmi1 --name "
                + "Cert_SQL01_endpoint_20261122 --public-blob 0x<certificate_der from step 2>");
        assertThat(s.get(3).command()).isEqualTo("""
                USE [master];
                ALTER ENDPOINT [database_mirroring_endpoint]
                    FOR DATABASE_MIRRORING (AUTHENTICATION = CERTIFICATE [Cert_SQL01_endpoint_20261122], ROLE = ALL);""");
        assertThat(s.get(4).command()).isEqualTo("""
                USE [master];
                IF NOT EXISTS (SELECT 1 FROM sys.availability_groups AS ag
                    JOIN sys.dm_hadr_availability_replica_states AS rs ON rs.group_id = ag.group_id
                    WHERE ag.name = N'DAG_Sales' AND rs.is_local = 0 AND rs.connected_state_desc = N'CONNECTED')
                    THROW 50000, N'Link DAG_Sales is not CONNECTED: keep the old certificate. Wait a minute and rerun \
                this check; if it stays disconnected, switch back with: ALTER ENDPOINT [database_mirroring_endpoint] \
                FOR DATABASE_MIRRORING (AUTHENTICATION = CERTIFICATE [Cert_SQL01_endpoint], ROLE = ALL)', 1;""");
        assertThat(s.get(5).command()).isEqualTo(CertificateTsql.dropLinkCertificate("Cert_SQL01_endpoint"));
        assertThat(s.get(6).command()).isEqualTo("az sql mi partner-cert delete --subscription "
                + "38e0dc56-907f-45ba-a97c-74233baad471 --resource-group testrg --instance-name sqlmi1 --name "
                + "Cert_SQL01_endpoint");
    }

    @Test
    void keepsWindowsAuthenticationForOtherAvailabilityGroupsOnTheEndpoint() {
        RotationPlan windows = RotationPlanner.plan(request("old", "new", true));
        assertThat(windows.steps().get(3).command())
                .contains("AUTHENTICATION = WINDOWS NEGOTIATE CERTIFICATE [new], ROLE = ALL");
        assertThat(windows.steps().get(4).command())
                .contains("AUTHENTICATION = WINDOWS NEGOTIATE CERTIFICATE [old], ROLE = ALL");
    }

    @Test
    void rendersAReviewableScriptWithSqlBatchesAndArmRequestsAsComments() {
        String script = plan.render();
        assertThat(script).startsWith("-- milink: rotate the SQL Server link certificate Cert_SQL01_endpoint -> "
                + "Cert_SQL01_endpoint_20261122\n");
        assertThat(script).contains("""
                -- Step 3 of 7 | Azure Resource Manager | Upload the new certificate to the managed instance as trust \
                certificate Cert_SQL01_endpoint_20261122
                -- Why: the managed instance must trust the new certificate before SQL Server presents it""");
        assertThat(script).contains("--   az sql mi partner-cert create --subscription ")
                .contains("--   az sql mi partner-cert delete --subscription ");
        assertThat(script).contains(plan.steps().get(3).command() + "\nGO\n");
        assertThat(script.indexOf("Step 1 of 7")).isLessThan(script.indexOf("Step 3 of 7"));
        assertThat(script.indexOf("Step 5 of 7")).isLessThan(script.indexOf("Step 6 of 7"));
        // Every line is either a comment, blank, or part of a SQL Server batch: no ARM text runs as T-SQL.
        assertThat(script.lines().filter(l -> l.startsWith("az "))).isEmpty();
    }

    @Test
    void quotesHostileNamesInEveryCommand() {
        RotationPlan hostile = RotationPlanner.plan(new RotationRequest("a]; DROP DATABASE x--", "new cert",
                LocalDate.of(2027, 1, 1), "ep]; --", false, List.of("dag'; --"), MI, "old'; rm -rf /", "new trust"));
        String script = hostile.render();
        assertThat(script).contains("ALTER ENDPOINT [ep]]; --]")
                .contains("WHERE ag.name = N'dag''; --'")
                .contains("DROP CERTIFICATE [a]]; DROP DATABASE x--];")
                .contains("--name 'old'\\''; rm -rf /'")
                .contains("--name 'new trust'");
    }

    @Test
    void refusesToReuseTheOldNames() {
        assertThatThrownBy(() -> request("same", "same", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name of its own");
        assertThatThrownBy(() -> new RotationRequest("old", "new", LocalDate.of(2027, 1, 1), "ep", false, List.of("dag"),
                MI, "trust", "trust")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CertificateAlreadyExists");
    }

    @Test
    void verifiesEveryLinkOnTheEndpointBeforeAnythingOldIsRemoved() {
        RotationPlan two = RotationPlanner.plan(new RotationRequest("old", "new", LocalDate.of(2027, 1, 1), "ep",
                false, List.of("DAG_Sales", "DAG_HR"), MI, "old", "new"));
        RotationStep verify = two.steps().get(4);
        assertThat(verify.action()).isEqualTo("Verify links DAG_Sales, DAG_HR are CONNECTED with the new certificate");
        assertThat(verify.command()).containsSubsequence("WHERE ag.name = N'DAG_Sales'", "THROW 50000, N'Link DAG_Sales",
                "WHERE ag.name = N'DAG_HR'", "THROW 50000, N'Link DAG_HR");
        assertThatThrownBy(() -> new RotationRequest("old", "new", LocalDate.of(2027, 1, 1), "ep", false, List.of(),
                MI, "old", "new")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one link");
    }

    @Test
    void refusesLineBreaksThatWouldEscapeTheScriptsComments() {
        assertThatThrownBy(() -> new RotationRequest("old", "new\nDROP DATABASE x", LocalDate.of(2027, 1, 1), "ep",
                false, List.of("dag"), MI, "t1", "t2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RotationStep(1, Side.SQL_SERVER, "a\nb", "r", "c"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
