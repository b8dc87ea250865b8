package io.milink.preflight.facts;

import java.time.Instant;

/**
 * A database's facts (shared/reference/mi-link-workflow.md §1.7).
 *
 * @param name                       name
 * @param databaseId                 {@code database_id}; 1–4 are master, tempdb, model, msdb
 * @param state                      {@code state_desc}: ONLINE, RESTORING, OFFLINE, ...
 * @param recoveryModel              FULL, SIMPLE, BULK_LOGGED
 * @param availabilityGroup          the availability group it belongs to; null when in none
 * @param logFiles                   log files ({@code sys.master_files.type = 1})
 * @param filestreamFiles            FILESTREAM containers (FD filegroups)
 * @param memoryOptimizedContainers  In-Memory OLTP containers (FX filegroups)
 * @param encryptionState            {@code sys.dm_database_encryption_keys.encryption_state}; null without a key;
 *                                   3 = encrypted
 * @param lastFullBackup             finish of the newest full backup that is not copy-only; null when none
 * @param lastCopyOnlyFullBackup     finish of the newest copy-only full backup; null when none
 * @param lastLogBackup              finish of the newest log backup; null when none
 * @param acceleratedDatabaseRecovery {@code is_accelerated_database_recovery_on}; null before 2019
 * @param sizeMb                     data and log size in MB
 */
public record DatabaseFacts(String name, int databaseId, String state, String recoveryModel,
                            String availabilityGroup, int logFiles, int filestreamFiles, int memoryOptimizedContainers,
                            Integer encryptionState, Instant lastFullBackup, Instant lastCopyOnlyFullBackup,
                            Instant lastLogBackup, Boolean acceleratedDatabaseRecovery, long sizeMb) {

    /** master, tempdb, model and msdb have ids 1–4 and cannot be linked. */
    public boolean isSystemDatabase() {
        return databaseId <= 4;
    }

    public boolean isTdeEncrypted() {
        return encryptionState != null && encryptionState == 3;
    }
}
