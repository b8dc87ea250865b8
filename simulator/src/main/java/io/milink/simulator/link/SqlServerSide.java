package io.milink.simulator.link;

import java.time.Instant;
import java.util.List;

/**
 * What the link world reads from, and tells, the SQL Server twin. Implemented by the SQL Server twin; every call
 * happens while the world's lock is held (the SQL Server twin's state lock is the same lock).
 */
public interface SqlServerSide {

    /** {@code @@SERVERNAME}. */
    String serverName();

    /** {@code SERVERPROPERTY('ProductVersion')}, four parts. */
    String productVersion();

    /** The distributed availability group of that name, or null. */
    DistributedGroup distributedGroup(String name);

    /** The DATABASE_MIRRORING endpoint, or null when there is none. */
    MirroringEndpoint mirroringEndpoint();

    /** The certificates in master. */
    List<Certificate> certificates();

    /** sp_certificate_add_issuer registrations: each certificate registered for a DNS name. */
    List<Issuer> issuers();

    /** A user database, or null. */
    Database database(String name);

    /** The world changed what the SQL Server's DMVs show: the catalog must be refreshed before the next query. */
    void replicationChanged();

    /** Sets the availability mode of both members of a distributed group (a planned failover reverts to async). */
    void setAvailabilityModes(String distributedGroup, boolean synchronousCommit);

    /** The share of the database's log in use, as DBCC SQLPERF(LOGSPACE) reports it. */
    void setLogUsedPercent(String database, double percent);

    /**
     * Whether the database's log truncation waits on its availability replica ({@code sys.databases.log_reuse_wait_desc}
     * {@code AVAILABILITY_REPLICA}): the link holds log its secondary has not hardened.
     */
    default void setLogHeldByReplica(String database, boolean held) {
    }

    /**
     * A distributed availability group as SQL Server stores it.
     *
     * @param local  this instance's member (an availability group on this instance)
     * @param remote the other member (the managed instance's side), with its listener URL
     * @param databases the databases of the local availability group
     */
    record DistributedGroup(String name, Member local, Member remote, List<String> databases) {
    }

    /** One member of a distributed availability group. */
    record Member(String availabilityGroupName, String listenerUrl, boolean synchronousCommit) {
    }

    /**
     * @param certificateAuthentication whether AUTHENTICATION includes CERTIFICATE
     * @param encryptionRequired        ENCRYPTION = REQUIRED (SUPPORTED and DISABLED do not do for a link)
     * @param aes                       whether the algorithm list includes AES
     * @param certificateName           the endpoint's certificate, or null
     */
    record MirroringEndpoint(String name, int port, boolean started, boolean certificateAuthentication,
                             boolean encryptionRequired, boolean aes, String certificateName) {
    }

    /**
     * @param privateKeyEncryption sys.certificates.pvt_key_encryption_type: MK, PW or NA
     */
    record Certificate(String name, byte[] der, String privateKeyEncryption, Instant startDate, Instant expiryDate) {
    }

    record Issuer(byte[] der, String dnsName) {
    }

    /**
     * @param logSizeBytes   the log file's size
     * @param logUsedPercent the share of the log in use before the link holds any back
     */
    record Database(String name, long sizeBytes, long logSizeBytes, double logUsedPercent) {
    }
}
