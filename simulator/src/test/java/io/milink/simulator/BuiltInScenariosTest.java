package io.milink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class BuiltInScenariosTest {

    @Test
    void everyIndexedScenarioHasAFileAndEveryFileIsIndexed() throws IOException {
        Path directory = Path.of("src/main/resources/io/milink/simulator/scenarios");
        try (Stream<Path> files = Files.list(directory)) {
            var onDisk = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .collect(Collectors.toSet());
            assertThat(onDisk).containsExactlyInAnyOrderElementsOf(BuiltInScenarios.descriptions().keySet());
        }
        for (String name : BuiltInScenarios.descriptions().keySet()) {
            assertThat(BuiltInScenarios.yaml(name)).contains("sqlServer:");
        }
    }

    @Test
    void theIssueRequiresTheseScenarios() {
        assertThat(BuiltInScenarios.descriptions()).containsKeys("ready-2022", "ready-2019-cu20",
                "sql2019-cu19-too-old", "sql2016-sp3-no-connect-pack", "express-edition", "hadr-off-no-master-key",
                "simple-recovery-copy-only");
    }

    @Test
    void everyBuiltInScenarioStartsTheTwinsItDescribes() throws Exception {
        for (String name : BuiltInScenarios.descriptions().keySet()) {
            String yaml = BuiltInScenarios.yaml(name);
            ScenarioSections sections = ScenarioSections.of(yaml);
            assertThat(sections.sqlServer()).as(name).isTrue();
            try (SqlServerTwin twin = SqlServerTwin.builder().builtInScenario(name).tls(false).start()) {
                assertThat(twin.port()).isPositive();
            }
            if (sections.managedInstance()) {
                try (io.milink.simulator.arm.ArmTwin arm = io.milink.simulator.arm.ArmTwin.builder()
                        .scenarioYaml(yaml, name).start()) {
                    assertThat(arm.resourceId()).as(name).endsWith("/managedInstances/mi-target-01");
                }
            }
        }
        assertThat(ScenarioSections.of(BuiltInScenarios.yaml("ready-2022")).managedInstance()).isTrue();
        assertThat(ScenarioSections.of("managedInstance: { name: x }")).isEqualTo(new ScenarioSections(false, true));
        assertThat(ScenarioSections.of("not: [valid")).isEqualTo(new ScenarioSections(false, false));
    }

    @Test
    void anUnknownNameIsRefusedWithTheListOfBuiltInNames() {
        assertThatThrownBy(() -> BuiltInScenarios.yaml("ready-2023"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ready-2023")
                .hasMessageContaining("ready-2022");
    }
}
