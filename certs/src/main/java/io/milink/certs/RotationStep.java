package io.milink.certs;

import java.util.Objects;

/**
 * One step of a certificate rotation.
 *
 * @param number  1-based position; steps must run in this order
 * @param side    where it runs
 * @param action  what it does, one line
 * @param reason  why it is needed, one line
 * @param command the T-SQL batch (SQL Server) or the HTTP request (ARM) to run; ARM requests may hold a
 *                {@code <placeholder>} for a value an earlier step produces
 */
public record RotationStep(int number, Side side, String action, String reason, String command) {

    /** Where a step runs. */
    public enum Side {
        /** T-SQL on the SQL Server instance, in master. */
        SQL_SERVER,
        /** A call to Azure Resource Manager for the managed instance. */
        AZURE_ARM
    }

    public RotationStep {
        if (number < 1) {
            throw new IllegalArgumentException("step numbers start at 1");
        }
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(command, "command");
        // The rendered script puts action and reason in "--" comments; a line break would end the comment.
        if (action.matches("(?s).*\\p{Cntrl}.*") || reason.matches("(?s).*\\p{Cntrl}.*")) {
            throw new IllegalArgumentException("action and reason must be single lines without control characters");
        }
    }
}
