package io.milink.simulator.sqlserver.state;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of sys.availability_replicas. In a plain availability group a replica is a server instance
 * ({@link #name} = its @@SERVERNAME, {@link #endpointUrl} = its ENDPOINT_URL); in a distributed availability group
 * a replica is a member availability group ({@link #name} = the member AG's name, {@link #endpointUrl} = its
 * LISTENER_URL), which is how SQL Server shows a distributed group's members.
 */
public final class ReplicaState {

    /** AVAILABILITY_MODE (sys.availability_replicas.availability_mode: 0, 1, 4). */
    public enum AvailabilityMode {
        ASYNCHRONOUS_COMMIT(0), SYNCHRONOUS_COMMIT(1), CONFIGURATION_ONLY(4);

        public final int code;

        AvailabilityMode(int code) {
            this.code = code;
        }
    }

    /** FAILOVER_MODE (failover_mode: 0 automatic, 1 manual, 2 external). */
    public enum FailoverMode {
        AUTOMATIC(0), MANUAL(1), EXTERNAL(2);

        public final int code;

        FailoverMode(int code) {
            this.code = code;
        }
    }

    /** SEEDING_MODE (seeding_mode: 0 automatic, 1 manual). */
    public enum SeedingMode {
        AUTOMATIC(0), MANUAL(1);

        public final int code;

        SeedingMode(int code) {
            this.code = code;
        }
    }

    public final UUID replicaId;
    /** replica_server_name: the server instance, or for a distributed group the member availability group. */
    public final String name;
    /** endpoint_url: ENDPOINT_URL of a replica, LISTENER_URL of a distributed group's member. */
    public String endpointUrl;
    public AvailabilityMode availabilityMode;
    public FailoverMode failoverMode;
    public SeedingMode seedingMode;
    /** SESSION_TIMEOUT in seconds (default 10). */
    public int sessionTimeout = 10;
    public int backupPriority = 50;
    /** SECONDARY_ROLE (ALLOW_CONNECTIONS = NO | READ_ONLY | ALL), default NO. */
    public String secondaryAllowConnections = "NO";
    /** PRIMARY_ROLE (ALLOW_CONNECTIONS = READ_WRITE | ALL), default ALL. */
    public String primaryAllowConnections = "ALL";
    /** True for the replica on this instance (for a distributed group: the member AG hosted here). */
    public final boolean local;
    public final Instant created;
    public Instant modified;

    public ReplicaState(UUID replicaId, String name, boolean local, Instant created) {
        this.replicaId = replicaId;
        this.name = name;
        this.local = local;
        this.created = created;
        this.modified = created;
    }

    /**
     * For a distributed group's member: the managed instance short name of a LISTENER_URL written as the MI link
     * documentation writes it ({@code tcp://<fqdn>:5022;Server=[<mi>]}), else null.
     */
    public String managedInstanceServer() {
        return urlPart("Server");
    }

    /** The {@code ;Database=[<db>]} part of a member's LISTENER_URL (MI as initial primary), else null. */
    public String managedInstanceDatabase() {
        return urlPart("Database");
    }

    private String urlPart(String key) {
        if (endpointUrl == null) {
            return null;
        }
        for (String part : endpointUrl.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(key)) {
                String v = part.substring(eq + 1).trim();
                return v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }
}
