package io.milink.simulator.sqlserver;

import java.io.InputStream;
import java.util.List;

import io.milink.simulator.engine.Cancellation;
import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.LoginFailedException;
import io.milink.simulator.engine.LoginRequest;
import io.milink.simulator.engine.Parameter;

/** Builds twins from the test scenarios and runs T-SQL on them. */
final class TwinFixture {

    static final String SA_PASSWORD = "Str0ng!Passw0rd";

    private TwinFixture() {
    }

    static SqlServerInstance instance(String resource) {
        try (InputStream in = TwinFixture.class.getResourceAsStream(resource)) {
            return SqlServerInstance.fromScenario(in, resource);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static EngineSession sa(SqlServerInstance instance) {
        return login(instance, "sa", SA_PASSWORD, "");
    }

    static EngineSession login(SqlServerInstance instance, String user, String password, String database) {
        try {
            return instance.login(new LoginRequest(user, password, database, "test", "testhost", 4096));
        } catch (LoginFailedException e) {
            throw new AssertionError("login failed: " + e.getMessage(), e);
        }
    }

    static RecordingSink run(EngineSession session, String sql) {
        RecordingSink sink = new RecordingSink();
        session.executeBatch(sql, sink, Cancellation.NEVER);
        return sink;
    }

    static RecordingSink runSql(EngineSession session, String sql, String definitions, List<Parameter> values) {
        RecordingSink sink = new RecordingSink();
        session.executeSql(sql, definitions, values, sink, Cancellation.NEVER);
        return sink;
    }
}
