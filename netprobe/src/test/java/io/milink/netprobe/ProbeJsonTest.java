package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProbeJsonTest {

    static ProbeReport sample() {
        List<PortResult> ports = List.of(new PortResult(5022, ProbeVerdict.OPEN, 0.8),
                new PortResult(11000, ProbeVerdict.FILTERED, 3000.4), new PortResult(11001, ProbeVerdict.FILTERED,
                        3000.2));
        SweepFacts facts = new SweepFacts("10.0.0.4", List.of(new ResolvedAddress("10.0.0.4", AddressScope.PRIVATE)),
                3000, 100, 3012.34, false, List.of());
        return new ProbeReport("mi.contoso.example", List.of("10.0.0.4"), ports,
                ProbeSummary.of(ports).withSweep(facts));
    }

    @Test
    void theTopLevelIsExactlyTheDocumentedContract() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ProbeJson.write(sample()));
        assertThat(json.fieldNames()).toIterable().containsExactly("host", "addresses", "ports", "summary");
        assertThat(json.get("host").asText()).isEqualTo("mi.contoso.example");
        assertThat(json.get("addresses").get(0).asText()).isEqualTo("10.0.0.4");
        JsonNode first = json.get("ports").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("port", "verdict", "millis");
        assertThat(first.get("port").asInt()).isEqualTo(5022);
        assertThat(first.get("verdict").asText()).isEqualTo("OPEN");
        assertThat(first.get("millis").asDouble()).isEqualTo(0.8);
        JsonNode summary = json.get("summary");
        assertThat(summary.get("probed").asInt()).isEqualTo(3);
        assertThat(summary.get("allOpen").asBoolean()).isFalse();
        assertThat(summary.get("counts").get("FILTERED").asInt()).isEqualTo(2);
        assertThat(summary.get("groups").get(1).get("from").asInt()).isEqualTo(11000);
        assertThat(summary.get("sweep").get("probedAddress").asText()).isEqualTo("10.0.0.4");
        assertThat(summary.get("sweep").get("elapsedMillis").asDouble()).isEqualTo(3012.3);
    }

    @Test
    void aWrittenReportReadsBackEqual() {
        ProbeReport report = sample();
        assertThat(ProbeJson.read(ProbeJson.write(report))).isEqualTo(report);
    }

    @Test
    void somethingElseIsNotAReport() {
        assertThatThrownBy(() -> ProbeJson.read("[1,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a milink netprobe report");
    }

    @Test
    void theTextSaysWhatWasProvedAndWhatToOpen() {
        List<String> lines = ProbeReportText.lines(sample());
        assertThat(lines.get(0)).isEqualTo("netprobe mi.contoso.example (10.0.0.4, private): 3 ports, timeout 3s, "
                + "100 at a time, 3.0 s");
        assertThat(lines).contains("  5022: open", "  11000–11001: 2 filtered", ProbeReportText.WHAT_IS_PROVEN,
                "NOT ALL OPEN: 11000–11001: 2 filtered");
        assertThat(lines).anyMatch(l -> l.contains("allow TCP 11000-11001 to 10.0.0.4") && l.contains("NSG"));
    }
}
