package io.milink.core.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret comes from: never the command line or the spec itself, only a reference to an environment
 * variable or a file, resolved at the moment it is needed. {@code toString} names the reference, never the value.
 */
public sealed interface SecretSource {

    /** Reads the secret. The caller clears or drops it as soon as it is used. */
    String resolve(Map<String, String> environment);

    /** Where the secret is read from, for messages ("environment variable X", "file /run/secrets/y"). */
    String describe();

    record EnvironmentVariable(String name) implements SecretSource {
        public EnvironmentVariable {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String resolve(Map<String, String> environment) {
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                throw new SpecException("the environment variable " + name + " holding the password is not set; "
                        + "export it before running milink");
            }
            return value;
        }

        @Override
        public String describe() {
            return "environment variable " + name;
        }
    }

    record File(Path path) implements SecretSource {
        public File {
            Objects.requireNonNull(path, "path");
        }

        /** The file's content without its trailing line break (editors and {@code echo} add one). */
        @Override
        public String resolve(Map<String, String> environment) {
            try {
                String value = Files.readString(path, StandardCharsets.UTF_8);
                value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                        : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
                if (value.isEmpty()) {
                    throw new SpecException("the password file " + path + " is empty");
                }
                return value;
            } catch (IOException e) {
                throw new SpecException(io.milink.core.UnreadableFile.message("the password file", path, e));
            }
        }

        @Override
        public String describe() {
            return "file " + path;
        }
    }

    /**
     * A secret a service configuration names ({@code milink serve}'s {@code secrets:}), described by that name alone:
     * where the service keeps it is not for its callers (a plan or script a reader may fetch shows it).
     */
    record Named(String name, SecretSource source) implements SecretSource {
        public Named {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String resolve(Map<String, String> environment) {
            return source.resolve(environment);
        }

        @Override
        public String describe() {
            return "the service's secret " + name;
        }
    }
}
