package io.milink.api;

import io.milink.api.cli.ExitCodes;
import io.milink.api.cli.UserError;
import picocli.CommandLine;

/**
 * Turns an exception from a command into one clear message on stderr and an exit code, instead of a stack trace.
 * A {@link UserError} carries its own message and code; anything else is a bug, printed with its stack trace only
 * when {@code MILINK_DEBUG} is set.
 */
final class UserFacingErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        var err = cli.getErr();
        if (ex instanceof UserError userError) {
            err.println("milink: " + userError.getMessage());
            err.flush();
            return userError.exitCode();
        }
        err.println("milink: unexpected error: " + ex);
        if (System.getenv("MILINK_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("milink: set MILINK_DEBUG=1 to see the stack trace, and please report it.");
        }
        err.flush();
        return ExitCodes.COULD_NOT_COMPLETE;
    }
}
