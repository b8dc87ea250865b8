package io.milink.simulator.link;

import java.util.List;

/**
 * What the link world reads from, and tells, the managed instance (the ARM twin). Every call happens while the
 * world's lock is held.
 */
public interface ManagedInstanceSide {

    /** The instance name (the {@code Server=[…]} of the listener URL). */
    String name();

    /** The VNet-local host name the link connects to. */
    String fqdn();

    /** Whether the instance runs (ARM state Ready, or Updating): a stopped instance answers no one. */
    boolean running();

    /** Its DATABASE_MIRRORING endpoint certificate, DER. */
    byte[] endpointCertificate();

    /** The certificates above the endpoint certificate up to its root, DER, nearest first. */
    List<byte[]> endpointCertificateIssuers();

    /** The server trust certificates uploaded to it, DER. */
    List<byte[]> trustCertificates();

    /** A server trust certificate uploaded before the twins started (the link another tool made needed it). */
    void trustUploadedBefore(String name, byte[] der);

    /** Whether a database of that name exists on the instance. */
    boolean hasDatabase(String name);

    /** Seeding finished: the database now exists on the instance (ARM {@code databases}). */
    void databaseCreated(String name);
}
