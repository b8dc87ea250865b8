package io.milink.api;

import io.milink.api.cli.ExitCodes;

import java.util.Arrays;
import java.util.List;

import picocli.CommandLine;

/**
 * A command line picocli cannot parse (an unknown option, a missing or bad value) gets one line on stderr: what is
 * wrong, picocli's "did you mean" when it has one, and the help command to run; never the whole usage text, which
 * buries the one thing that went wrong. Exit code 2, like every input that stops a command.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        String command = cli.getCommandSpec().qualifiedName();
        StringBuilder line = new StringBuilder(command).append(": ").append(oneLine(ex.getMessage()));
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
            }
        }
        line.append("; run '").append(command).append(" --help' for the options");
        var err = cli.getErr();
        err.println(line);
        if (Arrays.asList(args).contains("--debug")) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.COULD_NOT_COMPLETE;
    }

    private static String oneLine(String message) {
        return message == null ? "invalid command line" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
