package io.milink.api;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code milink --version}: the build's version (from the build itself, so a jar and a test run say the same), the
 * version of the HTTP API contract it serves, and the Java it runs on.
 */
final class MilinkVersion implements CommandLine.IVersionProvider {

    /** The contract's own version line, {@code info.version} in openapi.yaml. */
    private static final Pattern CONTRACT_VERSION = Pattern.compile("(?m)^info:\\s*\\n(?:\\s+.*\\n)*?\\s+version:\\s*"
            + "(\\S+)");

    @Override
    public String[] getVersion() {
        return new String[] {
            "milink " + buildVersion(),
            "HTTP API (milink serve) " + contractVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    static String buildVersion() {
        Properties build = new Properties();
        try (InputStream in = MilinkVersion.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the build");
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build.getProperty("version");
    }

    static String contractVersion() {
        try (InputStream in = MilinkVersion.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the build");
            }
            Matcher version = CONTRACT_VERSION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!version.find()) {
                throw new IllegalStateException("openapi.yaml has no info.version");
            }
            return version.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
