package io.milink.api;

import io.milink.api.cli.ChecklistCommand;
import io.milink.api.cli.DemoCommand;
import io.milink.api.cli.ExitCodes;
import io.milink.api.cli.PreflightCommand;
import io.milink.api.cli.TwinCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code milink} executable. Every command is a picocli subcommand; exit codes are in {@link ExitCodes}. */
@Command(name = "milink",
        mixinStandardHelpOptions = true,
        versionProvider = MilinkVersion.class,
        description = "Readiness, creation, monitoring and failover of Azure SQL Managed Instance links.",
        subcommands = {DemoCommand.class, PreflightCommand.class, ChecklistCommand.class, TwinCommand.class,
            io.milink.api.cli.LinkCommand.class,
            io.milink.api.cli.NetprobeCommand.class,
            io.milink.api.cli.ServeCommand.class,
            io.milink.api.cli.TokenCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (preflight: ready)",
            "1:completed with a negative answer (preflight: not ready)",
            "2:could not complete: bad command line or input, unreachable server, unexpected error",
            "3:preflight: incomplete (nothing failed, but a part the link needs was not checked)"})
public final class Milink implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, also print the stack trace (for a bug report).")
    boolean debug;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Milink());
        cli.setExecutionExceptionHandler(new UserFacingErrors());
        cli.setParameterExceptionHandler(new UsageErrors());
        return cli;
    }

    /**
     * No command named: the usage on standard error and exit code 2, as for any incomplete command line, so a script
     * that lost its arguments does not pass as a success. {@code milink --help} prints it on standard output, exit 0.
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.COULD_NOT_COMPLETE;
    }
}
