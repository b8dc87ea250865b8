package io.milink.linkmanager;

import io.milink.core.azure.AcceptedOperation;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A T-SQL batch that is the same in the plan, the script and the run (it holds no secret). */
record TsqlBatch(String batch) implements StepAction {

    @Override
    public String shown() {
        return batch;
    }

    @Override
    public List<String> script() {
        return List.of(batch, "GO");
    }

    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws SQLException {
        try (Statement s = session.sql().createStatement()) {
            s.execute(batch);
        }
    }
}
