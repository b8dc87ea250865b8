package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.Parameter;
import io.milink.simulator.engine.SqlType;

/** A database named like an injection must work as a literal, a bracketed identifier and a parameter. */
class QuotingSafetyTest {

    private static final String NAME = "a]; DROP DATABASE x--";

    private SqlServerInstance instance;
    private EngineSession session;

    @BeforeEach
    void start() {
        instance = TwinFixture.instance("sql2019.yaml");
        session = TwinFixture.sa(instance);
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void nameAsUnicodeLiteral() {
        RecordingSink r = TwinFixture.run(session, "SELECT name, recovery_model_desc FROM sys.databases WHERE name = N'a]; DROP DATABASE x--'");
        assertThat(r.errors()).isEmpty();
        assertThat(r.onlyTable().rows()).singleElement().satisfies(row -> assertThat(row).containsExactly(NAME, "FULL"));
    }

    @Test
    void nameAsBracketedIdentifierInStatements() {
        RecordingSink r = TwinFixture.run(session, "ALTER DATABASE [a]]; DROP DATABASE x--] SET RECOVERY SIMPLE;\n"
                + "BACKUP DATABASE [a]]; DROP DATABASE x--] TO DISK = N'C:\\b\\odd.bak' WITH CHECKSUM;\n"
                + "USE [a]]; DROP DATABASE x--];");
        assertThat(r.errors()).isEmpty();
        assertThat(session.database()).isEqualTo(NAME);
        assertThat(TwinFixture.run(session, "SELECT DB_NAME()").scalar()).isEqualTo(NAME);
        assertThat(TwinFixture.run(session, "SELECT COUNT(*) FROM msdb.dbo.backupset WHERE database_name = N'a]; DROP DATABASE x--'")
                .scalar()).isEqualTo(1);
        assertThat(TwinFixture.run(session, "SELECT COUNT(*) FROM sys.databases").scalar()).isEqualTo(7);
    }

    @Test
    void nameAsParameter() {
        RecordingSink r = TwinFixture.runSql(session,
                "SELECT recovery_model_desc FROM sys.databases WHERE name = @P0; SELECT DB_ID(@P0)", "@P0 nvarchar(4000)",
                List.of(new Parameter("", SqlType.nvarchar(4000), NAME, false)));
        assertThat(r.errors()).isEmpty();
        assertThat(r.tables.get(0).rows().get(0)[0]).isEqualTo("FULL");
        assertThat(r.tables.get(1).rows().get(0)[0]).isEqualTo((short) 7);
    }

    @Test
    void nameInsideQuotedStringWithEmbeddedQuotesDoesNotBreakOut() {
        RecordingSink r = TwinFixture.run(session, "SELECT COUNT(*) FROM sys.databases WHERE name = 'x'' OR 1=1 --'");
        assertThat(r.scalar()).isEqualTo(0);
    }
}
