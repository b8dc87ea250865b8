package io.milink.api;

import io.milink.api.cli.ChecklistCommand;
import io.milink.api.cli.DemoCommand;
import io.milink.api.cli.ExitCodes;
import io.milink.api.cli.PreflightCommand;
import io.milink.api.cli.TwinCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code milink} executable. Every command is a picocli subcommand; exit codes are in {@link ExitCodes}. */
@Command(name = "milink",
        mixinStandardHelpOptions = true,
        versionProvider = MilinkVersion.class,
        description = "Readiness, creation, monitoring and failover of Azure SQL Managed Instance links.",
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

    /**
     * The subcommands, in the order the usage lists them, by name. Building a command's model (picocli reads every
     * option of every nested command by reflection) is most of a short command's start-up, so {@link #main} builds
     * only the command it runs.
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("demo", DemoCommand.class);
        commands.put("preflight", PreflightCommand.class);
        commands.put("checklist", ChecklistCommand.class);
        commands.put("twin", TwinCommand.class);
        commands.put("link", io.milink.api.cli.LinkCommand.class);
        commands.put("netprobe", io.milink.api.cli.NetprobeCommand.class);
        commands.put("serve", io.milink.api.cli.ServeCommand.class);
        commands.put("token", io.milink.api.cli.TokenCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(commands);
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return configured(SUBCOMMANDS.keySet());
    }

    /**
     * The command line for these arguments: with only the subcommand they name, or with none for a top-level
     * option alone ({@code --version}); with all of them when the arguments name none or an unknown one, or ask for
     * {@code help}, so the usage and picocli's "did you mean" see every command.
     */
    static CommandLine commandLine(String[] args) {
        String first = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                first = arg;
                break;
            }
        }
        if (first == null) {
            boolean onlyVersion = args.length > 0 && Arrays.stream(args).allMatch(a -> a.equals("--version")
                    || a.equals("-V") || a.equals("--debug"));
            return configured(onlyVersion ? List.of() : SUBCOMMANDS.keySet());
        }
        if (first.equals("help") || !SUBCOMMANDS.containsKey(first)) {
            return configured(SUBCOMMANDS.keySet());
        }
        return configured(List.of(first));
    }

    private static CommandLine configured(Collection<String> subcommands) {
        CommandLine cli = new CommandLine(new Milink());
        for (String name : subcommands) {
            cli.addSubcommand(name, SUBCOMMANDS.get(name));
        }
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
