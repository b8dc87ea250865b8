package io.milink.simulator.link;

import java.time.Duration;
import java.time.Instant;

/**
 * One database of a link, as both sides see it: one log stream whose positions are bytes written on the primary,
 * the secondary's hardened and redone positions in the same stream, and the seeding that copies the database
 * first. Guarded by the world's lock.
 */
final class ReplicatedDatabase {

    /** Automatic seeding is cancelled if it has not finished this long after the link was created (Doc, §4.1/§7.4). */
    static final Duration SEEDING_LIMIT = Duration.ofDays(6);

    final String name;
    final long sizeBytes;
    ReplicationPhase phase = ReplicationPhase.SEEDING;

    // seeding (sys.dm_hadr_physical_seeding_stats, sys.dm_hadr_automatic_seeding, ARM seedingProgress)
    long seededBytes;
    Instant seedingStarted;
    Instant seedingCompleted;
    int seedingAttempts = 1;
    /** The primary's log position when the current seeding attempt started: where the secondary starts from. */
    long seedingStartLog;
    String failureMessage;
    Instant failureTime;
    int failureState;

    // the log stream
    long primaryLog;
    long hardened;
    long redone;
    Instant lastCommitTime;
    Instant lastHardenedTime;
    Instant lastRedoneTime;
    /** Bytes per second actually sent and redone over the last step (log_send_rate, redo_rate). */
    double sendRate;
    double redoRate;
    /** The log position at which a forced failover split the two sides while both were primary; -1 for none. */
    long splitBrainFork = -1;
    /** The log is full on the primary (error 9002): no writes, nothing sent. */
    boolean logFull;

    ReplicatedDatabase(String name, long sizeBytes, long startLog, Instant now) {
        this.name = name;
        this.sizeBytes = Math.max(sizeBytes, 1);
        this.primaryLog = startLog;
        this.seedingStartLog = startLog;
        this.seedingStarted = now;
        this.lastCommitTime = now;
    }

    boolean seeded() {
        return phase == ReplicationPhase.CATCHING_UP || phase == ReplicationPhase.SYNCHRONIZING;
    }

    /** Log the secondary has not hardened yet (the primary's log send queue), in bytes. */
    long sendQueue() {
        return seeded() ? Math.max(0, primaryLog - hardened) : 0;
    }

    long redoQueue() {
        return seeded() ? Math.max(0, hardened - redone) : 0;
    }

    int seedingPercent() {
        if (seeded()) {
            return 100;
        }
        return (int) Math.min(99, seededBytes * 100 / sizeBytes);
    }

    /** Starts seeding over, from nothing (seeding is not resumable: Doc, troubleshooting page). */
    void restartSeeding(Instant now) {
        phase = ReplicationPhase.SEEDING;
        seededBytes = 0;
        seedingStarted = now;
        seedingStartLog = primaryLog;
        seedingAttempts++;
        failureMessage = null;
        failureTime = null;
        failureState = 0;
    }

    void failSeeding(Instant now, int state, String message) {
        phase = ReplicationPhase.SEEDING_FAILED;
        failureState = state;
        failureMessage = message;
        failureTime = now;
    }
}
