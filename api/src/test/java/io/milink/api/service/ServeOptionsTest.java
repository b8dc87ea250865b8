package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.Milink;
import io.milink.api.cli.ServeCommand;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milink serve} refuses inconsistent Entra and retention options with one line, before starting anything. */
class ServeOptionsTest {

    @TempDir
    Path directory;

    private String refusal(String... options) {
        StringWriter err = new StringWriter();
        var cli = Milink.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[options.length + 3];
        args[0] = "serve";
        args[1] = "--data-dir";
        args[2] = directory.resolve("data").toString();
        System.arraycopy(options, 0, args, 3, options.length);
        assertThat(cli.execute(args)).as(err.toString()).isEqualTo(2);
        assertThat(err.toString().strip().lines().count()).as(err.toString()).isEqualTo(1);
        return err.toString();
    }

    @Test
    void entraNeedsATenantAndAnAudienceAndAnHttpsAuthority() {
        assertThat(refusal("--entra-audience", "api://milink")).contains("--entra-tenant");
        assertThat(refusal("--entra-tenant", "t1")).contains("--entra-audience");
        assertThat(refusal("--entra-tenant", "t1", "--entra-audience", "api://milink", "--entra-authority",
                "http://login.example.net")).contains("https://");
        assertThat(Files.exists(directory.resolve("data"))).as("nothing started").isFalse();
    }

    @Test
    void plainHttpEntraAuthorityMustBeALoopbackHostNotOneThatStartsLikeIt() {
        for (String lookalike : new String[] {"http://localhost.evil.example", "http://localhost@evil.example",
                "http://127.0.0.1.evil.example", "http://localhostevil.example:80", "http:/localhost"}) {
            assertThat(refusal("--entra-tenant", "t1", "--entra-audience", "api://milink", "--entra-authority",
                    lookalike)).as(lookalike).contains("--entra-authority");
            assertThat(ServeCommand.acceptableAuthority(lookalike)).as(lookalike).isFalse();
        }
        for (String fine : new String[] {"https://login.microsoftonline.us", "http://localhost:8080",
                "http://127.0.0.1:1", "http://[::1]:5", "HTTP://LOCALHOST"}) {
            assertThat(ServeCommand.acceptableAuthority(fine)).as(fine).isTrue();
        }
        assertThat(Files.exists(directory.resolve("data"))).as("nothing started").isFalse();
    }

    @Test
    void retentionCannotBeNegativeAndTlsFilesDoNotMixWithPlainHttp() {
        assertThat(refusal("--retention-days", "-1")).contains("--retention-days");
        assertThat(refusal("--insecure-http", "--tls-cert", "a.pem", "--tls-key", "a.key"))
                .contains("--insecure-http");
    }
}
