package io.milink.simulator.sqlserver.scenario;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A SQL Server twin scenario file: the instance state the twin starts from. Field names are the YAML keys;
 * {@link ScenarioLoader} reads and validates them. Passwords never appear in {@code toString}.
 */
public record Scenario(SqlServer sqlServer) {

    /** The {@code sqlServer:} section. Optional fields are null when absent; {@link ScenarioLoader} fills defaults. */
    public record SqlServer(
            String serverName,
            String productVersion,
            String productLevel,
            String productUpdateLevel,
            String edition,
            HostPlatform hostPlatform,
            String hostDistribution,
            String collation,
            Boolean hadrEnabled,
            TraceFlags traceFlags,
            Boolean masterKey,
            Boolean certificateIssuerProcedure,
            List<Login> logins,
            List<Certificate> certificates,
            List<Endpoint> endpoints,
            List<Database> databases,
            List<AvailabilityGroup> availabilityGroups) {
    }

    /**
     * An availability group this instance is the primary replica of, holding these databases (which must be
     * listed under {@code databases}). {@code clusterType} is WSFC, NONE or EXTERNAL (2017+; default NONE, WSFC on
     * 2016, which has no other kind). With {@code distributed: true} it is a distributed availability group instead:
     * no databases or cluster type, exactly two {@code members}, one of them an availability group of this scenario
     * (the local member, listed before it).
     */
    public record AvailabilityGroup(String name, List<String> databases, String clusterType, Boolean distributed,
                                    List<DistributedMember> members) {
    }

    /**
     * A member of a distributed availability group, as CREATE AVAILABILITY GROUP … WITH (DISTRIBUTED) AVAILABILITY
     * GROUP ON names it: {@code listenerUrl} such as {@code TCP://10.0.0.4:5022} or, for a managed instance,
     * {@code tcp://<fqdn>:5022;Server=[<mi>]}; {@code availabilityMode} ASYNCHRONOUS_COMMIT (default) or
     * SYNCHRONOUS_COMMIT; {@code failoverMode} MANUAL (the only value a distributed group takes); {@code seedingMode}
     * AUTOMATIC (default) or MANUAL; {@code sessionTimeout} seconds (default 10).
     */
    public record DistributedMember(String name, String listenerUrl, String availabilityMode, String failoverMode,
                                    String seedingMode, Integer sessionTimeout) {
    }

    public enum HostPlatform { Windows, Linux }

    public record TraceFlags(List<Integer> global, List<Integer> startup) {
    }

    public record Login(String name, String password, Boolean sysadmin) {
        @Override
        public String toString() {
            return "Login[name=" + name + ", sysadmin=" + sysadmin + "]";
        }
    }

    /**
     * A certificate in master. {@code bundled} names one of the twin's bundled Azure roots; otherwise
     * {@code subject} (and optional dates) makes a self-signed certificate as {@code CREATE CERTIFICATE ... WITH
     * SUBJECT} would. {@code issuerFor} registers it with {@code sp_certificate_add_issuer} for that DNS name.
     * {@code privateKey} is its {@code pvt_key_encryption_type}: MK (master key, the default for a subject), PW
     * (password: an endpoint refuses it, error 28055) or NA (no private key, as imported; always for bundled).
     */
    public record Certificate(String name, String bundled, String subject, String startDate, String expiryDate,
                              String issuerFor, PrivateKeyProtection privateKey) {
    }

    /** sys.certificates.pvt_key_encryption_type. */
    public enum PrivateKeyProtection { MK, PW, NA }

    /** A DATABASE_MIRRORING endpoint. */
    public record Endpoint(String name, Integer port, EndpointState state, String authentication,
                           EndpointEncryption encryption, String algorithm, String certificate, String role) {
    }

    public enum EndpointState { STARTED, STOPPED, DISABLED }

    public enum EndpointEncryption { REQUIRED, SUPPORTED, DISABLED }

    public record Database(
            String name,
            RecoveryModel recoveryModel,
            DatabaseState state,
            Integer sizeMb,
            Integer logFiles,
            Double logSizeMb,
            Double logUsedPercent,
            Boolean filestream,
            Boolean inMemoryOltp,
            Boolean tde,
            Boolean brokerEnabled,
            Boolean acceleratedDatabaseRecovery,
            Integer compatibilityLevel,
            List<Backup> backups) {
    }

    public enum RecoveryModel { FULL, SIMPLE, BULK_LOGGED }

    public enum DatabaseState { ONLINE, RESTORING, RECOVERING, RECOVERY_PENDING, SUSPECT, EMERGENCY, OFFLINE }

    public record Backup(BackupType type, String finished, Boolean copyOnly, Boolean checksum) {
    }

    /** msdb.dbo.backupset.type: D = full database, I = differential, L = log. */
    public enum BackupType {
        FULL("D"), DIFFERENTIAL("I"), LOG("L");

        private final String code;

        BackupType(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        @JsonCreator
        public static BackupType parse(String value) {
            for (BackupType t : values()) {
                if (t.name().equalsIgnoreCase(value) || t.code.equalsIgnoreCase(value)) {
                    return t;
                }
            }
            throw new ScenarioValueException("not a backup type; allowed: FULL, DIFFERENTIAL, LOG");
        }
    }
}
