package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.ServerMessage;

class ConcurrencyTest {

    @Test
    void sessionsSeeEachOthersCertificates() {
        try (SqlServerInstance instance = TwinFixture.instance("sql2019.yaml")) {
            EngineSession a = TwinFixture.sa(instance);
            EngineSession b = TwinFixture.sa(instance);
            assertThat(TwinFixture.run(a, "CREATE CERTIFICATE [Shared] WITH SUBJECT = 'shared'").errors()).isEmpty();
            assertThat(TwinFixture.run(b, "SELECT subject FROM sys.certificates WHERE name = 'Shared'").scalar()).isEqualTo("shared");
            assertThat(TwinFixture.run(b, "CREATE CERTIFICATE [Shared] WITH SUBJECT = 'again'").errors())
                    .extracting(ServerMessage::number).containsExactly(15232);
            assertThat(TwinFixture.run(b, "DROP CERTIFICATE [Shared]").errors()).isEmpty();
            assertThat(TwinFixture.run(a, "SELECT COUNT(*) FROM sys.certificates WHERE name = 'Shared'").scalar()).isEqualTo(0);
        }
    }

    @Test
    void parallelSessionsGetConsistentAnswersAndDistinctSpids() throws Exception {
        try (SqlServerInstance instance = TwinFixture.instance("sql2019.yaml")) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Object>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int n = t;
                    results.add(pool.submit(() -> {
                        EngineSession s = TwinFixture.sa(instance);
                        for (int k = 0; k < 10; k++) {
                            RecordingSink r = TwinFixture.run(s, "CREATE CERTIFICATE [c" + n + "_" + k + "] FROM BINARY = 0x30; "
                                    + "BACKUP DATABASE Sales TO DISK = 'p" + n + ".bak'; SELECT COUNT(*) FROM sys.databases");
                            assertThat(r.tables.get(0).rows().get(0)[0]).isEqualTo(7);
                        }
                        return TwinFixture.run(s, "SELECT @@SPID").scalar();
                    }));
                }
                List<Object> spids = new ArrayList<>();
                for (Future<Object> f : results) {
                    spids.add(f.get());
                }
                assertThat(spids).doesNotHaveDuplicates();
                EngineSession s = TwinFixture.sa(instance);
                assertThat(TwinFixture.run(s, "SELECT COUNT(*) FROM msdb.dbo.backupset WHERE database_name = 'Sales'").scalar())
                        .isEqualTo(41);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
