package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The executable builds only the command it runs, and still behaves as the full command line does. */
class LazyCommandLineTest {

    @Test
    void aNamedCommandIsTheOnlyOneBuiltWhateverTopLevelOptionsComeFirst() {
        assertThat(Milink.commandLine(new String[] {"preflight", "--scenario", "x"}).getSubcommands())
                .containsOnlyKeys("preflight");
        assertThat(Milink.commandLine(new String[] {"--debug", "link", "status"}).getSubcommands())
                .containsOnlyKeys("link");
    }

    @Test
    void theVersionAloneBuildsNoCommandAndPrintsWhatTheFullCommandLinePrints() {
        CommandLine lazy = Milink.commandLine(new String[] {"--version"});
        assertThat(lazy.getSubcommands()).isEmpty();
        assertThat(output(lazy, "--version")).isEqualTo(output(Milink.commandLine(), "--version")).isNotBlank();
    }

    @Test
    void helpNoCommandOrAnUnknownOneSeeEveryCommandSoUsageAndSuggestionsAreWhole() {
        CommandLine full = Milink.commandLine();
        assertThat(full.getSubcommands()).containsKeys("demo", "preflight", "link", "serve", "help");
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "link"}, {"prefligth"}}) {
            assertThat(Milink.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args))
                    .containsExactlyElementsOf(full.getSubcommands().keySet());
        }
        assertThat(output(Milink.commandLine(new String[] {"--help"}), "--help"))
                .isEqualTo(output(full, "--help")).contains("preflight", "netprobe", "token");
    }

    private static String output(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.execute(args);
        return out.toString();
    }
}
