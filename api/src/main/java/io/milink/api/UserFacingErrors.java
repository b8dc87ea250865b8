package io.milink.api;

import io.milink.api.cli.ExitCodes;
import io.milink.api.cli.UserError;
import io.milink.api.rehearsal.RehearsalFailed;
import picocli.CommandLine;

/**
 * Turns an exception from a command into one clear message on stderr and an exit code, instead of a stack trace.
 * A {@link UserError} carries its own message and code, a {@link RehearsalFailed} its message (exit 2); anything else
 * is a bug. Stack traces are printed only with
 * {@code --debug} (or {@code MILINK_DEBUG=1} in the environment).
 */
final class UserFacingErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        var err = cli.getErr();
        boolean debug = debugRequested(parseResult);
        if (ex instanceof UserError userError) {
            err.println("milink: " + userError.getMessage());
            if (debug) {
                userError.printStackTrace(err);
            }
            err.flush();
            return userError.exitCode();
        }
        if (ex instanceof RehearsalFailed rehearsal) {
            err.println("milink: " + rehearsal.getMessage());
            if (debug) {
                rehearsal.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.COULD_NOT_COMPLETE;
        }
        err.println("milink: unexpected error: " + ex);
        if (debug) {
            ex.printStackTrace(err);
        } else {
            err.println("milink: run again with --debug to see the stack trace, and please report it.");
        }
        err.flush();
        return ExitCodes.COULD_NOT_COMPLETE;
    }

    private static boolean debugRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return System.getenv("MILINK_DEBUG") != null;
    }
}
