package io.milink.linkmanager.alerts;

import java.time.Instant;

import io.milink.linkmanager.LinkPhase;
import io.milink.linkmanager.LinkStatus.DatabaseStatus;

/**
 * The one thing a stall detector must remember between reads: how far seeding had got and when it last moved. Two
 * numbers per database, so the monitor's memory stays flat per link.
 *
 * @param progress       bytes sent (SQL Server's), else the instance's percentage; -1 when neither is known
 * @param lastProgressAt when {@code progress} last grew (or seeding was first seen)
 */
public record SeedingProgress(long progress, Instant lastProgressAt) {

    /**
     * The progress after this read: unchanged time while nothing moved, reset when seeding starts over (its bytes
     * fall) or the database is not seeding.
     *
     * @return null when the database is not seeding
     */
    public static SeedingProgress next(SeedingProgress previous, DatabaseStatus db, Instant now) {
        if (db.phase() != LinkPhase.SEEDING) {
            return null;
        }
        long progress = db.seeding() != null ? db.seeding().transferredBytes()
                : db.seedingPercent() != null ? db.seedingPercent() : -1;
        if (previous == null || progress != previous.progress()) {
            // A fall is a restart (seeding starts over after a lost connection): progress too, and a new window.
            return new SeedingProgress(progress, now);
        }
        return previous;
    }
}
