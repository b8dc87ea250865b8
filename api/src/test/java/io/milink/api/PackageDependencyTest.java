package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The api module's packages depend one way: the CLI may start the service, never the reverse, and what both use
 * (rehearsals on the twins, the link's create sequence) depends on neither. A cycle would let a CLI-only concern (an
 * exit code, a flag's wording) leak into HTTP answers. Read from the sources: a reference by full name counts too.
 */
class PackageDependencyTest {

    private static final Path SOURCES = Path.of("src/main/java/io/milink/api");

    private static List<String> referencing(String fromPackage, String toPackage) {
        try (Stream<Path> files = Files.walk(SOURCES.resolve(fromPackage))) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readString(f).contains("io.milink.api." + toPackage + ".");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(f -> SOURCES.relativize(f).toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theServiceDoesNotDependOnTheCli() {
        assertThat(Files.isDirectory(SOURCES.resolve("service"))).as("run from the api module").isTrue();
        assertThat(referencing("service", "cli")).isEmpty();
    }

    @Test
    void whatBothShareDependsOnNeither() {
        for (String shared : List.of("rehearsal", "link")) {
            assertThat(referencing(shared, "cli")).as(shared + " -> cli").isEmpty();
            assertThat(referencing(shared, "service")).as(shared + " -> service").isEmpty();
        }
    }
}
