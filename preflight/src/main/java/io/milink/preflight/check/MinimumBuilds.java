package io.milink.preflight.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The minimum build per SQL Server major version, from the dated, cited data file {@code minimum-builds.tsv}
 * beside this class. Updating a minimum is a data change, not a code change.
 */
public final class MinimumBuilds {

    /**
     * One row of the file.
     *
     * @param major        the major version (13 = 2016)
     * @param product      e.g. SQL Server 2019
     * @param minimumBuild the lowest build that supports the link
     * @param minimumIs    what that build is, in words a DBA recognises
     * @param platforms    the host platforms it may run on for a link
     * @param install      what to install to reach it
     */
    public record MinimumBuild(int major, String product, Version minimumBuild, String minimumIs,
                               List<String> platforms, String install) {
    }

    private static final MinimumBuilds BUNDLED = load("minimum-builds.tsv");

    private final TreeMap<Integer, MinimumBuild> byMajor;

    private MinimumBuilds(TreeMap<Integer, MinimumBuild> byMajor) {
        this.byMajor = byMajor;
    }

    public static MinimumBuilds bundled() {
        return BUNDLED;
    }

    public Optional<MinimumBuild> forMajor(int major) {
        return Optional.ofNullable(byMajor.get(major));
    }

    public int oldestSupportedMajor() {
        return byMajor.firstKey();
    }

    public int newestKnownMajor() {
        return byMajor.lastKey();
    }

    public Map<Integer, MinimumBuild> all() {
        return java.util.Collections.unmodifiableMap(byMajor);
    }

    static MinimumBuilds load(String resource) {
        TreeMap<Integer, MinimumBuild> rows = new TreeMap<>();
        try (InputStream in = MinimumBuilds.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != 6) {
                    throw new IllegalStateException(resource + ": expected 6 tab-separated columns: " + line);
                }
                MinimumBuild row = new MinimumBuild(Integer.parseInt(cells[0]), cells[1], Version.parse(cells[2]),
                        cells[3], List.of(cells[4].split(",")), cells[5]);
                rows.put(row.major(), row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException(resource + " has no rows");
        }
        return new MinimumBuilds(rows);
    }
}
