package io.milink.api;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** One milink command run in-process, as a user would type it: its exit code, what it printed and what it logged. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        CommandLine cli = Milink.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
