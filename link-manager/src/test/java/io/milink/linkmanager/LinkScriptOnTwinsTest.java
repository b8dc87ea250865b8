package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.milink.simulator.BuiltInScenarios;

/** The script is generated from the same plan the engine runs: run by hand, it reaches the same end state. */
class LinkScriptOnTwinsTest {

    /** What both sides have of the link, as the plan describes each object. */
    private static List<String> endState(TwinLink twin) throws Exception {
        return LinkEngine.plan(twin.session, TwinLink::sales).steps().stream()
                .map(s -> s.id() + " " + s.change() + " " + s.observed().replaceAll("thumbprint \\w+", "thumbprint …")
                        .replaceAll(", (CreatingLink|Seeding|Catchup|LinkSynchronizing)$", ""))
                .toList();
    }

    @Test
    void theScriptRunByHandOnFreshTwinsReachesTheSameEndStateAsCreate() throws Exception {
        String yaml = BuiltInScenarios.yaml("ready-2022").replace("masterKey: true", "masterKey: false");
        List<String> byEngine;
        try (TwinLink engine = new TwinLink(yaml)) {
            LinkEngine.create(engine.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            byEngine = endState(engine);
        }
        try (TwinLink byHand = new TwinLink(yaml)) {
            String script = LinkScript.render(LinkEngine.plan(byHand.session, TwinLink::sales));
            assertThat(script).contains("az sql mi link create", "CREATE AVAILABILITY GROUP [DAG_Sales]",
                    "az sql mi partner-cert create", " --public-blob 0x", "$(MasterKeyPassword)",
                    "A ' in the password must be doubled ('')").doesNotContain("Canary-Master-Key-7f3a!");
            // As the script says: the password Another-Pass'w0rd-9! is given with its quote doubled.
            new ScriptRunner(byHand.session, Map.of("MasterKeyPassword", "Another-Pass''w0rd-9!")).run(script);
            assertThat(LinkEngine.plan(byHand.session, TwinLink::sales).nothingToDo()).isTrue();
            assertThat(endState(byHand)).isEqualTo(byEngine);
            byHand.clock.advance(Duration.ofMinutes(2));
            assertThat(byHand.session.arm().links().get("DAG_Sales").orElseThrow().databases().get(0).replicaState())
                    .isEqualTo("LinkSynchronizing");
        }
    }

    @Test
    void aFailedLinksScriptReplacesItOnBothSidesAndSeedingStartsOver() throws Exception {
        try (TwinLink twin = new TwinLink(BuiltInScenarios.yaml("ready-2022") + "\nlink:\n  faults:\n"
                + "    - { kind: seedingFailure, at: PT0S, database: Sales, message: \"The remote disk is full.\" }\n")) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofSeconds(5));
            String script = LinkScript.render(LinkEngine.plan(twin.session, TwinLink::sales));
            assertThat(script).contains("except the ones marked to run once", "-- Step 1: replace distributed",
                    "-- Step 2: replace link DAG_Sales", "az sql mi link delete --resource-group");
            new ScriptRunner(twin.session, Map.of()).run(script);
            assertThat(LinkEngine.plan(twin.session, TwinLink::sales).nothingToDo()).isTrue();
            assertThat(twin.session.arm().links().get("DAG_Sales").orElseThrow().databases().get(0).replicaState())
                    .isEqualTo("CreatingLink");
            twin.clock.advance(Duration.ofMinutes(2));
            assertThat(twin.session.arm().links().get("DAG_Sales").orElseThrow().databases().get(0).replicaState())
                    .isEqualTo("LinkSynchronizing");
        }
    }

    @Test
    void aSyncLinksScriptSetsSyncOnTheInstanceToo() throws Exception {
        try (TwinLink byHand = TwinLink.ready2022()) {
            String script = LinkScript.render(LinkEngine.plan(byHand.session, TwinLink::salesSync));
            assertThat(script).contains("AVAILABILITY_MODE = SYNCHRONOUS_COMMIT", "az sql mi link update",
                    "--replication-mode Sync");
            new ScriptRunner(byHand.session, Map.of()).run(script);
            assertThat(byHand.session.arm().links().get("DAG_Sales").orElseThrow().replicationMode())
                    .isEqualTo("Sync");
            assertThat(LinkEngine.plan(byHand.session, TwinLink::salesSync).nothingToDo()).isTrue();
        }
    }

    @Test
    void anOptionTheAzureCliDoesNotHaveFailsTheRunInsteadOfBeingIgnored() {
        // Checked before anything runs: no session is needed to refuse it.
        ScriptRunner runner = new ScriptRunner(null, Map.of());
        assertThatThrownBy(() -> runner.run("az sql mi partner-cert create --resource-group rg --instance-name mi"
                + " --name c --public-key 0x00")).hasMessageContaining("has no option --public-key");
        assertThatThrownBy(() -> runner.run("az sql mi link create --resource-group rg --mi mi --name l"
                + " --replication-mode Sync")).hasMessageContaining("has no option --replication-mode");
        assertThatThrownBy(() -> runner.run("az sql mi link frobnicate --name l"))
                .hasMessageContaining("does not know: az sql mi link frobnicate");
    }

    @Test
    void aPlanWithABlockedObjectGivesNoScript() throws Exception {
        try (TwinLink twin = new TwinLink(BuiltInScenarios.yaml("ready-2022").replace("masterKey: true",
                "masterKey: false"))) {
            LinkPlan plan = LinkEngine.plan(twin.session, sql -> {
                DesiredLink d = TwinLink.sales(sql);
                return new DesiredLink(d.certificateName(), d.certificateExpiry(), d.endpointName(), d.endpointPort(),
                        d.endpointUrl(), false, true, null, d.databases());
            });
            assertThat(PlanText.render(plan)).contains("! database master key in master").contains("1 blocked");
            assertThatThrownBy(() -> LinkScript.render(plan)).hasMessageContaining("blocked");
        }
    }
}
