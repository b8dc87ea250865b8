package io.milink.api.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What a {@code milink serve} process reports goes through its JSON log (logback.xml), and nowhere else on stderr: an
 * operator's log collector parses one JSON object per line, and a raw stack trace between them is both unparsed and
 * a line-by-line mess. Two paths bypass SLF4J by default: the JVM's handler for an exception nothing caught (in a
 * shutdown hook, or a thread still working when the shutdown grace period has passed) prints {@code Exception in
 * thread ...} and the trace; and java.util.logging, which mssql-jdbc logs through, prints two-line records with its
 * own console handler. Both are sent to SLF4J here. The CLI's other commands keep the JVM's defaults: their stderr is
 * for people.
 */
public final class ServeProcessLogging {

    private static final Logger LOG = LoggerFactory.getLogger("io.milink.api.serve");

    private ServeProcessLogging() {
    }

    /** Routes java.util.logging and uncaught exceptions to the JSON log, for the rest of the process. */
    public static void install() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> LOG.error("uncaught exception in thread "
                + thread.getName(), e));
    }

    /**
     * {@code work}, with whatever it throws logged as an ERROR saying what was being done, instead of escaping the
     * thread (a shutdown hook's exception would otherwise be printed raw by the JVM as it exits).
     */
    public static Runnable logFailures(String doing, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (Throwable e) {
                LOG.error("failed while " + doing, e);
            }
        };
    }
}
