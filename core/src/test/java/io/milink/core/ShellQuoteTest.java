package io.milink.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {

    @Test
    void plainAzureNamesStayBare() {
        assertThat(ShellQuote.bash("rg-link")).isEqualTo("rg-link");
        assertThat(ShellQuote.powershell("mi-target-01")).isEqualTo("mi-target-01");
        assertThat(ShellQuote.bash("/subscriptions/s1/resourceGroups/rg.prod_1/providers/Microsoft.Sql/"
                + "managedInstances/mi1")).startsWith("/subscriptions/");
    }

    @Test
    void hostileNamesAreSingleQuotedForBash() {
        assertThat(ShellQuote.bash("rg (prod)")).isEqualTo("'rg (prod)'");
        assertThat(ShellQuote.bash("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuote.bash("$x")).isEqualTo("'$x'");
        assertThat(ShellQuote.bash("")).isEqualTo("''");
        assertThat(ShellQuote.bash("-rg")).as("a leading dash is not a plain word").isEqualTo("'-rg'");
    }

    @Test
    void hostileNamesAreSingleQuotedForPowerShellWithQuotesDoubled() {
        assertThat(ShellQuote.powershell("rg (prod)")).isEqualTo("'rg (prod)'");
        assertThat(ShellQuote.powershell("it's")).isEqualTo("'it''s'");
        assertThat(ShellQuote.powershell("$x")).isEqualTo("'$x'");
        assertThat(ShellQuote.powershell("it\u2019s")).as("PowerShell also ends a string at a typographic quote")
                .isEqualTo("'it\u2019\u2019s'");
        assertThat(ShellQuote.powershell("a`b")).isEqualTo("'a`b'");
    }

    /** The proof that matters: bash hands the quoted word back unchanged, whatever it holds. */
    @ParameterizedTest
    @ValueSource(strings = {"rg (prod)", "it's", "$x", "a;b", "`id`", "$(id)", "two  spaces", "back\\slash", "*", "'"})
    void bashReadsTheQuotedWordBackAsItWas(String name) throws Exception {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "bash is not installed here");
        Process p = new ProcessBuilder(bash.toString(), "-c", "printf %s " + ShellQuote.bash(name))
                .redirectErrorStream(true).start();
        String out = read(p);
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(name);
    }

    private static String read(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
