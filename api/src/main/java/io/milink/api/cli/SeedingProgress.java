package io.milink.api.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * What a waiting user sees of seeding: per database, a bar with percent and an ETA from the progress since the
 * first poll (the instance reports only a percentage), redrawn in place on a terminal and one line per change
 * otherwise (a pipeline's log).
 */
final class SeedingProgress {

    private record Sample(Instant at, int percent) {
    }

    private final PrintWriter out;
    private final boolean terminal;
    private final Supplier<Instant> clock;
    private final Map<String, Sample> first = new HashMap<>();
    private final Map<String, String> last = new HashMap<>();

    SeedingProgress(PrintWriter out, boolean terminal, Supplier<Instant> clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    void report(String link, DistributedAvailabilityGroup.LinkDatabase database) {
        String key = link + "/" + database.databaseName();
        int percent = percent(database.seedingProgress());
        Instant now = clock.get();
        Sample start = first.computeIfAbsent(key, k -> new Sample(now, percent));
        String eta = "";
        long seconds = Duration.between(start.at(), now).toSeconds();
        if (percent > start.percent() && seconds > 0 && percent < 100) {
            double perSecond = (percent - start.percent()) / (double) seconds;
            eta = ", about " + human(Duration.ofSeconds(Math.round((100 - percent) / perSecond))) + " left";
        }
        int filled = percent / 5;
        String line = "  " + key + " [" + "#".repeat(filled) + ".".repeat(20 - filled) + "] " + percent + "% "
                + database.replicaState() + eta;
        if (line.equals(last.put(key, line))) {
            return;
        }
        out.print(terminal ? "\r" + line : line + "\n");
        out.flush();
    }

    /** Ends an in-place line before other output. */
    void finish() {
        if (terminal && !last.isEmpty()) {
            out.println();
            out.flush();
        }
    }

    static int percent(String seedingProgress) {
        if (seedingProgress == null) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(100, (int) Math.round(Double.parseDouble(seedingProgress.replace("%", "")
                    .trim()))));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String human(Duration d) {
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }
}
