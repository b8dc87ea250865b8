package io.milink.api.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.milink.linkmanager.LinkEngine;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;

/** The preflight gate of a create run, over reports made here: which findings refuse, which waivers let it go on. */
class LinkCreateGateTest {

    private static final String HOW = "--accept CHECK_ID";
    private final List<String> said = new ArrayList<>();
    private final LinkCreateSequence.Narration narration = new LinkCreateSequence.Narration() {
        @Override
        public void say(String sentence) {
            said.add(sentence);
        }

        @Override
        public LinkEngine.Progress progress() {
            return LinkEngine.Progress.SILENT;
        }
    };

    private static Finding finding(String id, Status status, String evidence) {
        return new Finding(id, status, id.startsWith("db.") ? "Sales" : "sql22", id, evidence, null);
    }

    /** Every part the link needs checked (its anchor judged), plus these findings. */
    private static Report report(Finding... more) {
        List<Finding> findings = Stream.concat(Stream.of(finding("sql.connect", Status.PASS, "connected"),
                finding("db.exists", Status.PASS, "database_id 5"), finding("mi.exists", Status.PASS, "Ready"),
                finding("net.mirroring", Status.PASS, "5022 open")), Stream.of(more)).toList();
        return Report.of(Instant.parse("2026-12-08T00:00:00Z"), "sql22", findings);
    }

    @Test
    void aReadyReportLetsTheRunGoOn() throws Exception {
        LinkCreateSequence.judge(report(finding("sql.hadr", Status.WARN, "a warning does not block")),
                List.of("Sales"), List.of(), HOW, narration);
        assertThat(said).containsExactly("Preflight: no blocking finding for Sales.");
    }

    @Test
    void aFailNotWaivedRefusesNamingEachFindingAndHowToWaiveIt() {
        Report report = report(finding("db.recoveryModel", Status.FAIL, "SIMPLE recovery"),
                finding("sql.traceFlags", Status.FAIL, "1800 not set"));
        assertThatThrownBy(() -> LinkCreateSequence.judge(report, List.of("Sales"), List.of("sql.traceFlags"), HOW,
                narration)).isInstanceOf(LinkCreateSequence.PreflightRefused.class)
                .hasMessageContaining("nothing was changed").hasMessageContaining(HOW)
                .hasMessageContaining("db.recoveryModel (Sales): SIMPLE recovery")
                .message().doesNotContain("sql.traceFlags");
        assertThat(said).as("nothing said: the run stops").isEmpty();
    }

    @Test
    void anErrorRefusesLikeAFail() {
        Report report = report(finding("sql.version", Status.ERROR, "could not read the version"));
        assertThatThrownBy(() -> LinkCreateSequence.judge(report, List.of("Sales"), List.of(), HOW, narration))
                .isInstanceOf(LinkCreateSequence.PreflightRefused.class)
                .hasMessageContaining("sql.version (sql22): could not read the version");
    }

    @Test
    void everyFailWaivedLetsTheRunGoOnAndSaysWhatWasWaived() throws Exception {
        LinkCreateSequence.judge(report(finding("db.recoveryModel", Status.FAIL, "SIMPLE recovery"),
                        finding("sql.masterKey", Status.FAIL, "no database master key")),
                List.of("Sales"), List.of("sql.masterKey", "db.recoveryModel"), HOW, narration);
        assertThat(said).containsExactly(
                "Preflight: no blocking finding for Sales (waived: db.recoveryModel, sql.masterKey).");
    }

    @Test
    void aPartNotCheckedRefusesWhateverIsWaived() {
        // The managed instance was not read: its anchor check SKIPped.
        List<Finding> findings = List.of(finding("sql.connect", Status.PASS, "connected"),
                finding("db.exists", Status.PASS, "database_id 5"), finding("mi.exists", Status.SKIP, "no access"),
                finding("net.mirroring", Status.PASS, "5022 open"));
        Report report = Report.of(Instant.parse("2026-12-08T00:00:00Z"), "sql22", findings);
        assertThatThrownBy(() -> LinkCreateSequence.judge(report, List.of("Sales"), List.of("mi.exists"), HOW,
                narration)).isInstanceOf(LinkCreateSequence.PreflightRefused.class)
                .hasMessageContaining("could not check everything the link needs")
                .hasMessageContaining("the managed instance");
        assertThat(said).isEmpty();
    }
}
