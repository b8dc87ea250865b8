package io.milink.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scenario files shipped inside the simulator jar, by name (e.g. {@code ready-2022}), so {@code milink demo}
 * and {@code milink twin --scenario ready-2022} work without a file on disk. {@code index.tsv} beside them lists
 * each with a one-line description.
 */
public final class BuiltInScenarios {

    private static final String DIRECTORY = "scenarios/";
    private static final Map<String, String> DESCRIPTIONS = readIndex();

    private BuiltInScenarios() {
    }

    /** Built-in scenario names with their descriptions, in the index's order. */
    public static Map<String, String> descriptions() {
        return DESCRIPTIONS;
    }

    public static boolean exists(String name) {
        return DESCRIPTIONS.containsKey(name);
    }

    /**
     * The YAML text of a built-in scenario.
     *
     * @throws IllegalArgumentException listing the built-in names when there is no such scenario
     */
    public static String yaml(String name) {
        if (!exists(name)) {
            throw new IllegalArgumentException("no built-in scenario named '" + name + "'; built-in scenarios: "
                    + String.join(", ", DESCRIPTIONS.keySet()));
        }
        try (InputStream in = open(name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in scenario " + name, e);
        }
    }

    private static Map<String, String> readIndex() {
        Map<String, String> index = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open("index.tsv"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IllegalStateException("scenarios/index.tsv line without a tab: " + line);
                }
                index.put(line.substring(0, tab), line.substring(tab + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenarios/index.tsv", e);
        }
        return java.util.Collections.unmodifiableMap(index);
    }

    private static InputStream open(String file) {
        InputStream in = BuiltInScenarios.class.getResourceAsStream(DIRECTORY + file);
        if (in == null) {
            throw new IllegalStateException("resource missing from the simulator jar: " + DIRECTORY + file);
        }
        return in;
    }
}
