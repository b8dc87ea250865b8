package io.milink.simulator.sqlserver;

import java.util.ArrayList;
import java.util.List;

import io.milink.simulator.engine.EnvChange;
import io.milink.simulator.engine.ResultSink;
import io.milink.simulator.engine.ResultTable;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.StatementKind;

/** Records what the engine sends, in order, for assertions. */
final class RecordingSink implements ResultSink {

    record Done(StatementKind kind, long rowCount, boolean failed) {
    }

    final List<Object> events = new ArrayList<>();
    final List<ResultTable> tables = new ArrayList<>();
    final List<ServerMessage> messages = new ArrayList<>();
    final List<EnvChange> envChanges = new ArrayList<>();
    final List<Done> dones = new ArrayList<>();

    @Override
    public void table(ResultTable table) {
        tables.add(table);
        events.add(table);
    }

    @Override
    public void message(ServerMessage message) {
        messages.add(message);
        events.add(message);
    }

    @Override
    public void envChange(EnvChange change) {
        envChanges.add(change);
        events.add(change);
    }

    @Override
    public void statementDone(StatementKind kind, long rowCount, boolean failed) {
        Done d = new Done(kind, rowCount, failed);
        dones.add(d);
        events.add(d);
    }

    List<ServerMessage> errors() {
        return messages.stream().filter(ServerMessage::isError).toList();
    }

    ResultTable onlyTable() {
        if (tables.size() != 1) {
            throw new AssertionError("expected one table, got " + tables.size() + "; messages: " + messages);
        }
        return tables.get(0);
    }

    Object scalar() {
        ResultTable t = onlyTable();
        if (t.rows().size() != 1 || t.columns().size() != 1) {
            throw new AssertionError("expected one value, got " + t.rows().size() + " rows of " + t.columns().size());
        }
        return t.rows().get(0)[0];
    }

    List<String> columnNames(int table) {
        return tables.get(table).columns().stream().map(c -> c.name()).toList();
    }
}
