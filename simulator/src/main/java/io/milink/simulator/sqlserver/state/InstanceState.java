package io.milink.simulator.sqlserver.state;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import javax.security.auth.x500.X500Principal;

import io.milink.simulator.sqlserver.scenario.Scenario;

/**
 * The mutable state of one twin instance: databases, certificates, keys, endpoints and availability groups
 * ({@link #hadr}), trace flags, backups. Every
 * read and write happens while holding {@link #lock()}, so that sessions on several connections see one another's
 * changes at once. {@link #version()} changes on every write so the catalog tables know when to refresh;
 * {@link #replicationVersion()} changes when only the link world moved (what replicates, not the instance's own
 * objects), so only the availability group tables need refreshing.
 */
public final class InstanceState {

    private final ReentrantLock lock;
    private long version;
    private long replicationVersion;

    public final Map<String, DatabaseState> databases = new LinkedHashMap<>();
    public final Map<String, CertificateState> certificates = new LinkedHashMap<>();
    public final List<IssuerRegistration> issuers = new ArrayList<>();
    public final Set<Integer> globalTraceFlags = new LinkedHashSet<>();
    public final List<Integer> startupTraceFlags = new ArrayList<>();
    /** Endpoints and availability groups (plain and distributed). */
    public final HadrState hadr = new HadrState();
    public final List<BackupRecord> backups = new ArrayList<>();
    public final AgentJobsState agentJobs = new AgentJobsState();
    public Instant masterKeyCreated;
    /** Backup files written so far, by path: the next backup to a file is "on file n+1" unless INIT/FORMAT. */
    public final Map<String, Integer> backupFiles = new java.util.HashMap<>();
    private int nextCertificateId = 256;
    private int nextBackupSetId = 1;
    private long nextLsn = 37_000_000_001_000_001L;

    /** A state of its own, with its own lock. */
    public InstanceState() {
        this(new ReentrantLock());
    }

    /**
     * A state guarded by {@code lock}: the link world's lock when the instance shares a link world with a managed
     * instance, so that the SQL Server's state and the world's are never locked in opposite orders.
     */
    public InstanceState(ReentrantLock lock) {
        this.lock = lock;
    }

    public ReentrantLock lock() {
        return lock;
    }

    public long version() {
        return version;
    }

    public void changed() {
        version++;
    }

    public long replicationVersion() {
        return replicationVersion;
    }

    /** The link world moved: what its distributed availability groups show changed, nothing else of the instance. */
    public void replicationChanged() {
        replicationVersion++;
    }

    public int nextCertificateId() {
        return nextCertificateId++;
    }

    public int nextBackupSetId() {
        return nextBackupSetId++;
    }

    /** Log sequence numbers grow with every backup, as in SQL Server (numeric(25,0)). */
    public long nextLsn() {
        nextLsn += 100_000_000L;
        return nextLsn;
    }

    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public DatabaseState database(String name) {
        return name == null ? null : databases.get(key(name));
    }

    public DatabaseState databaseById(int id) {
        return databases.values().stream().filter(d -> d.id == id).findFirst().orElse(null);
    }

    public CertificateState certificate(String name) {
        return name == null ? null : certificates.get(key(name));
    }

    public CertificateState certificateById(int id) {
        return certificates.values().stream().filter(c -> c.id == id).findFirst().orElse(null);
    }

    /** One database, system or user. */
    public static final class DatabaseState {
        public final String name;
        public final int id;
        public Scenario.RecoveryModel recoveryModel;
        public Scenario.DatabaseState state;
        public int sizeMb;
        public int logFiles;
        public double logSizeMb;
        public double logUsedPercent;
        /** The link holds log its secondary has not hardened: log_reuse_wait_desc AVAILABILITY_REPLICA. */
        public boolean logHeldByReplica;
        public boolean filestream;
        public boolean inMemoryOltp;
        public boolean tde;
        public boolean brokerEnabled;
        public boolean acceleratedDatabaseRecovery;
        public int compatibilityLevel;
        public final Instant created;
        /** When the log backup chain was last broken (a switch to SIMPLE); a chain needs a full backup after it. */
        public Instant chainResetAt = Instant.EPOCH;
        public final UUID guid = UUID.randomUUID();

        public DatabaseState(String name, int id, Instant created) {
            this.name = name;
            this.id = id;
            this.created = created;
        }

        public boolean isSystem() {
            return id <= 4;
        }
    }

    /** A certificate in master. {@code der} is the X.509 as SQL Server's CERTENCODED returns it. */
    public static final class CertificateState {
        public final String name;
        public final int id;
        public final X509Certificate certificate;
        public final byte[] der;
        public final byte[] thumbprint;
        /** MK, PW or NA (sys.certificates.pvt_key_encryption_type). */
        public final String privateKeyEncryption;

        public CertificateState(String name, int id, X509Certificate certificate, String privateKeyEncryption) {
            this.name = name;
            this.id = id;
            this.certificate = certificate;
            this.privateKeyEncryption = privateKeyEncryption;
            try {
                this.der = certificate.getEncoded();
                this.thumbprint = MessageDigest.getInstance("SHA-1").digest(der);
            } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot encode certificate " + name, e);
            }
        }

        /**
         * SQL Server shows a name made only of a CN (what CREATE CERTIFICATE ... WITH SUBJECT makes) as the bare
         * common name, and a full distinguished name otherwise (so that the documented
         * {@code issuer_name LIKE '%Microsoft Corporation%'} filter matches imported Azure certificates).
         */
        public static String displayName(X500Principal principal) {
            String dn = principal.getName(X500Principal.RFC1779);
            if (dn.startsWith("CN=") && !dn.contains(", ")) {
                return dn.substring(3);
            }
            return dn;
        }
    }

    public record IssuerRegistration(int certificateId, String dnsName) {
    }

    /** A row of msdb.dbo.backupset. */
    public record BackupRecord(int backupSetId, String databaseName, String type, Instant start, Instant finish,
                               boolean copyOnly, boolean checksums, boolean compressed, long pages, long firstLsn,
                               long lastLsn, long databaseBackupLsn, String recoveryModel, String physicalDevice) {
    }
}
