package io.milink.netprobe;

import static io.milink.netprobe.ProbeVerdict.CLOSED;
import static io.milink.netprobe.ProbeVerdict.FILTERED;
import static io.milink.netprobe.ProbeVerdict.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProbeSummaryTest {

    private static List<PortResult> linkPorts(ProbeVerdict mirroring, ProbeVerdict redirect) {
        List<PortResult> out = new ArrayList<>();
        for (int p = 11999; p >= 11000; p--) { // deliberately descending: the summary sorts
            out.add(new PortResult(p, redirect, 3000));
        }
        out.add(new PortResult(5022, mirroring, 0.8));
        return out;
    }

    @Test
    void collapsesTheRedirectRangeIntoOneLine() {
        ProbeSummary summary = ProbeSummary.of(linkPorts(OPEN, FILTERED));
        assertThat(summary.lines()).containsExactly("5022: open", "11000–11999: 1,000 filtered");
        assertThat(summary.probed()).isEqualTo(1001);
        assertThat(summary.allOpen()).isFalse();
        assertThat(summary.count(FILTERED)).isEqualTo(1000);
        assertThat(summary.counts()).containsOnlyKeys(ProbeVerdict.values());
        assertThat(summary.notOpen()).singleElement()
                .isEqualTo(new PortGroup(11000, 11999, FILTERED, 1000));
    }

    @Test
    void aDifferentVerdictInTheMiddleSplitsTheRun() {
        List<PortResult> results = List.of(new PortResult(11000, OPEN, 1), new PortResult(11001, CLOSED, 1),
                new PortResult(11002, OPEN, 1), new PortResult(11003, OPEN, 1));
        assertThat(ProbeSummary.of(results).lines())
                .containsExactly("11000: open", "11001: closed", "11002–11003: 2 open");
    }

    @Test
    void portsThatAreNotConsecutiveAreNotMerged() {
        List<PortResult> results = List.of(new PortResult(5022, OPEN, 1), new PortResult(5024, OPEN, 1));
        assertThat(ProbeSummary.of(results).lines()).containsExactly("5022: open", "5024: open");
    }

    @Test
    void allOpenOnlyWhenEveryPortIsOpenAndThereIsAtLeastOne() {
        assertThat(ProbeSummary.of(linkPorts(OPEN, OPEN)).allOpen()).isTrue();
        assertThat(ProbeSummary.of(linkPorts(CLOSED, OPEN)).allOpen()).isFalse();
        assertThat(ProbeSummary.of(List.of()).allOpen()).isFalse();
    }

    @Test
    void millisAreRoundedToATenth() {
        assertThat(new PortResult(5022, OPEN, 0.8349).millis()).isEqualTo(0.8);
    }
}
