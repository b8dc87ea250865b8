package io.milink.api.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.linkmanager.SeedingTransfer;

/**
 * What a waiting user sees of seeding: per database, a bar with the instance's percentage, SQL Server's throughput
 * and bytes sent (when it reports the seeding: {@link SeedingTransfer}), and an ETA from the progress since the first
 * poll (bytes when SQL Server gives them, else percent), redrawn in place on a terminal and one line per change
 * otherwise (a pipeline's log).
 */
final class SeedingProgress {

    private record Sample(Instant at, int percent, long bytes) {
    }

    private final PrintWriter out;
    private final boolean terminal;
    private final Supplier<Instant> clock;
    private final Map<String, Sample> first = new HashMap<>();
    /** The latest line of each database, in the order they first appeared. */
    private final Map<String, String> last = new java.util.LinkedHashMap<>();
    /** How many lines the last redraw wrote (terminal only). */
    private int drawn;

    SeedingProgress(PrintWriter out, boolean terminal, Supplier<Instant> clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    void report(String link, DistributedAvailabilityGroup.LinkDatabase database, SeedingTransfer transfer) {
        String key = link + "/" + database.databaseName();
        int percent = percent(database.seedingProgress());
        Instant now = clock.get();
        long bytes = transfer == null ? -1 : transfer.transferredBytes();
        Sample start = first.computeIfAbsent(key, k -> new Sample(now, percent, bytes));
        if (start.bytes() < 0 && bytes >= 0) {
            // SQL Server's numbers appeared after the first poll: measure bytes from here.
            start = new Sample(now, percent, bytes);
            first.put(key, start);
        }
        long seconds = Duration.between(start.at(), now).toSeconds();
        String eta = "";
        if (percent < 100 && seconds > 0) {
            if (transfer != null && transfer.databaseSizeBytes() > 0 && bytes > start.bytes()) {
                double perSecond = (bytes - start.bytes()) / (double) seconds;
                long left = Math.max(0, transfer.databaseSizeBytes() - bytes);
                eta = ", about " + human(Duration.ofSeconds(Math.round(left / perSecond))) + " left";
            } else if (percent > start.percent()) {
                double perSecond = (percent - start.percent()) / (double) seconds;
                eta = ", about " + human(Duration.ofSeconds(Math.round((100 - percent) / perSecond))) + " left";
            }
        }
        String rate = transfer == null || percent >= 100 ? "" : ", " + size(transfer.bytesPerSecond()) + "/s, "
                + size(transfer.transferredBytes()) + " of " + size(transfer.databaseSizeBytes());
        int filled = percent / 5;
        String line = "  " + key + " [" + "#".repeat(filled) + ".".repeat(20 - filled) + "] " + percent + "% "
                + database.replicaState() + rate + eta;
        if (line.equals(last.put(key, line))) {
            return;
        }
        if (terminal) {
            redraw();
        } else {
            out.print(line + "\n");
        }
        out.flush();
    }

    /** Bytes as a DBA reads them: 1 decimal, binary units (SQL Server's MB are MiB). */
    static String size(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * One line per database, all redrawn in place: back up over the lines drawn last time (ANSI "cursor previous
     * line"), clear each and write it again, so that several databases never overwrite one another.
     */
    private void redraw() {
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append("\033[").append(drawn).append('F');
        }
        for (String line : last.values()) {
            frame.append("\033[2K").append(line).append('\n');
        }
        drawn = last.size();
        out.print(frame);
    }

    /** The bar's lines end with a line break: nothing to close. Kept so callers need not know how it draws. */
    void finish() {
        out.flush();
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
