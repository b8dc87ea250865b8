package io.milink.simulator.engine;

import java.util.List;

/**
 * One logged-in connection's session: its current database, language, open transaction, prepared handles.
 * Called by one connection thread at a time.
 *
 * <p>Errors of the T-SQL being run are never thrown: they go to the sink as {@link ServerMessage}s with the
 * statement marked failed, exactly as SQL Server reports them. An unchecked exception means a twin bug.
 */
public interface EngineSession extends AutoCloseable {

    /** The session id clients see as {@code @@SPID}. */
    int spid();

    String database();

    String language();

    /** SQL_BATCH: run a batch of one or more statements. */
    void executeBatch(String sql, ResultSink sink, Cancellation cancel);

    /**
     * RPC {@code sp_executesql}: run {@code sql} with parameters declared by {@code parameterDefinitions}
     * (e.g. {@code @P0 nvarchar(4000),@P1 int}; empty when there are none). Positional {@code values} bind to
     * the declarations in order; named ones by name.
     */
    void executeSql(String sql, String parameterDefinitions, List<Parameter> values, ResultSink sink,
                    Cancellation cancel);

    /** RPC {@code sp_prepare} / first half of {@code sp_prepexec}: returns a new handle for this session. */
    int prepare(String parameterDefinitions, String sql);

    /**
     * RPC {@code sp_execute}: run a prepared handle. An unknown handle is reported to the sink as SQL Server's
     * error 8179 ("Could not find prepared statement with handle %d.").
     */
    void execute(int handle, List<Parameter> values, ResultSink sink, Cancellation cancel);

    /** RPC {@code sp_unprepare}; unknown handles are ignored, as SQL Server does. */
    void unprepare(int handle);

    /**
     * An RPC by procedure name (anything other than the sp_ procedures above), e.g. {@code sp_who} or a
     * user's procedure. Unknown names are reported as error 2812.
     *
     * @return the procedure's return status
     */
    int executeProcedure(String name, List<Parameter> values, ResultSink sink, Cancellation cancel);

    /**
     * A pooled client reused this connection (TDS RESETCONNECTION): back to the login database, no open
     * transaction, default SET options. Prepared handles are kept, as SQL Server does.
     */
    void reset();

    /** The connection closed: roll back any open transaction, free handles. */
    @Override
    void close();
}
