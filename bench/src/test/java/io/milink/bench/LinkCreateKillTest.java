package io.milink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test in its reduced form (the full one kills at every boundary: ./bench/run.sh LinkCreateKillHarness):
 * milink link create in a child JVM, SIGKILLed after its first step, as a step starts half-way, and as Azure accepts
 * each ARM operation; each rerun reaches the end state of a run that was never killed, leaves nothing to plan, and
 * sends no second PUT for an operation the killed run had recorded as accepted.
 */
class LinkCreateKillTest {

    @TempDir
    Path work;

    @Test
    // About nine short-lived milink JVMs, each a whole create on a 2-core machine: more than the suite's default 120 s.
    @org.junit.jupiter.api.Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
    void createKilledAtEachKindOfBoundaryFinishesOnRerunWithTheSameObjectsAndNoSecondPut() throws Exception {
        LinkCreateKillHarness harness = new LinkCreateKillHarness(System.getProperty("java.class.path"),
                List.of("Sales"));
        LinkCreateKillHarness.Outcome reference = harness.reference(work);
        assertThat(reference.rerunExit()).as(reference.firstOutput() + reference.rerunOutput()).isZero();
        assertThat(reference.planExit()).as("plan after create: nothing to do").isZero();
        assertThat(reference.endState()).contains("arm.links: [DAG_Sales]", "AG_Sales|0", "DAG_Sales|1");

        List<Integer> points = LinkCreateKillHarness.representativeKillPoints(reference.firstOutput());
        assertThat(points).as("a kill after a step, mid-run, and at each accepted ARM operation").hasSizeGreaterThan(2);
        for (LinkCreateKillHarness.Outcome killed : harness.run(points, work)) {
            String context = "kill " + killed.killPoint() + " at " + killed.killedAt() + "\nfirst run:\n"
                    + killed.firstOutput() + "\nrerun:\n" + killed.rerunOutput();
            assertThat(killed.killed()).as(context).isTrue();
            assertThat(killed.rerunExit()).as(context).isZero();
            assertThat(killed.rerunOutput()).as(context).contains("Continuing the create run");
            assertThat(killed.planExit()).as("nothing left to plan; " + context).isZero();
            assertThat(killed.endState()).as(context).isEqualTo(reference.endState());
            assertThat(killed.resentAfterAcceptance()).as(context).isEmpty();
            if (killed.killedAt().startsWith("accepted")) {
                // Killed while Azure ran the operation: the rerun waited for it by its status URL.
                assertThat(killed.rerunOutput()).as(context).contains("which Azure accepted for an earlier run",
                        "(not sent again)");
            }
        }
    }
}
