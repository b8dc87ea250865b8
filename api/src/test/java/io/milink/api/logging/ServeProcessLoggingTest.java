package io.milink.api.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What {@code milink serve} installs so that a stop past its shutdown grace period reports through the JSON log and
 * not as a raw stack trace on stderr: an exception no thread caught (a worker still running when the journal closed),
 * one thrown while stopping, and a java.util.logging record (mssql-jdbc's) all reach the log, and nothing is printed
 * to stderr. The JVM-wide settings are put back afterwards.
 */
class ServeProcessLoggingTest {

    @Test
    void anUncaughtExceptionAFailedStopAndAJulRecordGoToTheLogAndNothingToStderr() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        java.util.logging.Logger julRoot = LogManager.getLogManager().getLogger("");
        Handler[] julHandlers = julRoot.getHandlers();
        Thread.UncaughtExceptionHandler jvmDefault = Thread.getDefaultUncaughtExceptionHandler();
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ServeProcessLogging.install();
            Thread late = new Thread(() -> {
                throw new IllegalStateException("the journal is closed");
            }, "milink-links-0");
            late.start();
            late.join();
            java.util.logging.Logger.getLogger("com.microsoft.sqlserver.jdbc.internals.SQLServerConnection")
                    .log(java.util.logging.Level.WARNING, "connection reset", new IOException("reset by peer"));
            ServeProcessLogging.logFailures("stopping the service", () -> {
                throw new IllegalStateException("the journal is busy");
            }).run();
        } finally {
            System.setErr(stderr);
            Thread.setDefaultUncaughtExceptionHandler(jvmDefault);
            SLF4JBridgeHandler.uninstall();
            for (Handler handler : julHandlers) {
                julRoot.addHandler(handler);
            }
            root.detachAppender(log);
        }
        // The log's own appender writes JSON lines to stderr: those, and nothing else.
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()))
                .isNotEmpty().allSatisfy(line -> assertThat(new io.vertx.core.json.JsonObject(line)
                        .getString("loggerName")).isNotBlank());
        List<String> seen = log.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage() + " ("
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()) + ")").toList();
        assertThat(seen).contains("ERROR uncaught exception in thread milink-links-0 (the journal is closed)",
                "WARN connection reset (reset by peer)",
                "ERROR failed while stopping the service (the journal is busy)");
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.ERROR).allMatch(e -> e.getThrowableProxy() != null);
    }
}
