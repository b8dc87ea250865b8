package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.FaultPlan;
import io.milink.simulator.engine.ServerMessage;

class FaultPlanTest {

    @Test
    void matchingStatementFailsWithSqlServersTextAndOthersRun() {
        FaultPlan plan = new FaultPlan(0, Duration.ZERO, List.of(FaultPlan.StatementFault.of("create\\s+master\\s+key", 15578)));
        try (SqlServerInstance base = TwinFixture.instance("sql2016.yaml"); SqlServerInstance faulty = base.withFaults(plan)) {
            EngineSession s = TwinFixture.sa(faulty);
            RecordingSink r = TwinFixture.run(s, "SELECT 1; CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'Pw!12345678'; SELECT 2");
            assertThat(r.errors()).singleElement().satisfies(m -> {
                assertThat(m.number()).isEqualTo(15578);
                assertThat(m.text()).startsWith("There is already a master key");
            });
            assertThat(r.tables).hasSize(2);
            assertThat(TwinFixture.run(s, "SELECT COUNT(*) FROM sys.symmetric_keys").scalar()).isEqualTo(0);
        }
    }

    @Test
    void faultWithOwnMessageAndSeverity() {
        FaultPlan plan = new FaultPlan(0, Duration.ZERO, List.of(new FaultPlan.StatementFault(
                java.util.regex.Pattern.compile("backup", java.util.regex.Pattern.CASE_INSENSITIVE), 3201, 16, 2, "Cannot open backup device.")));
        try (SqlServerInstance i = TwinFixture.instance("sql2019.yaml").withFaults(plan)) {
            RecordingSink r = TwinFixture.run(TwinFixture.sa(i), "BACKUP DATABASE Sales TO DISK = 'x'");
            assertThat(r.messages).containsExactly(new ServerMessage(3201, 2, 16, "Cannot open backup device.", "", 1));
        }
    }
}
