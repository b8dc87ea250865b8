package io.milink.simulator.engine;

import java.util.Objects;

/**
 * An error or informational message as SQL Server sends it (ERROR token when severity &gt; 10, INFO otherwise).
 *
 * @param number    SQL Server's message number (e.g. 18456, 15578, 2812; 0 for PRINT; 50000 for RAISERROR text)
 * @param state     state, 0–255
 * @param severity  severity ("class"), 0–25
 * @param text      the message text, formatted as SQL Server formats it
 * @param procedure the procedure that raised it, or empty
 * @param line      the line of the batch (1-based), or 0
 */
public record ServerMessage(int number, int state, int severity, String text, String procedure, int line) {
    public ServerMessage {
        Objects.requireNonNull(text, "text");
        procedure = procedure == null ? "" : procedure;
    }

    public static ServerMessage error(int number, int state, int severity, String text) {
        return new ServerMessage(number, state, severity, text, "", 1);
    }

    public static ServerMessage info(int number, String text) {
        return new ServerMessage(number, 1, 0, text, "", 1);
    }

    /** SQL Server sends severities above 10 as errors; 10 and below are informational. */
    public boolean isError() {
        return severity > 10;
    }
}
