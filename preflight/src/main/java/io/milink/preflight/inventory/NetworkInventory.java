package io.milink.preflight.inventory;

import io.milink.netprobe.BlockingPortProbe;
import io.milink.netprobe.Cidr;
import io.milink.netprobe.DnsFacts;
import io.milink.netprobe.HostResolver;
import io.milink.netprobe.PortSet;
import io.milink.netprobe.ProbeOptions;
import io.milink.netprobe.ProbeReport;
import io.vertx.core.Vertx;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Probes the network a link needs from milink's host: 5022 and 11000-11999 to the managed instance, and the SQL
 * Server's mirroring endpoint port. Blocking; call it from a worker thread, never an event loop.
 */
public final class NetworkInventory {

    private final PortSet managedInstancePorts;
    private final ProbeOptions options;
    /** Where the sweeps run: null for a small Vert.x of their own per sweep (the CLI), else a long-lived one. */
    private final Vertx vertx;

    public NetworkInventory(PortSet managedInstancePorts, ProbeOptions options) {
        this(managedInstancePorts, options, null);
    }

    private NetworkInventory(PortSet managedInstancePorts, ProbeOptions options, Vertx vertx) {
        this.managedInstancePorts = managedInstancePorts;
        this.options = options;
        this.vertx = vertx;
    }

    public static NetworkInventory standard() {
        return new NetworkInventory(PortSet.linkDefault(), ProbeOptions.defaults());
    }

    /**
     * The standard probes, swept on {@code vertx} (a service's own, which it closes) rather than on a new Vert.x per
     * sweep. The calling thread still waits, so it must not be an event loop.
     */
    public static NetworkInventory standardOn(Vertx vertx) {
        return new NetworkInventory(PortSet.linkDefault(), ProbeOptions.defaults(), vertx);
    }

    public ProbeReport probeManagedInstance(String host) throws InterruptedException {
        try (BlockingPortProbe probe = probe()) {
            return probe.probe(host, managedInstancePorts, options);
        }
    }

    public ProbeReport probeEndpoint(String sqlServerHost, int port) throws InterruptedException {
        try (BlockingPortProbe probe = probe()) {
            return probe.probe(sqlServerHost, PortSet.of(port), options);
        }
    }

    private BlockingPortProbe probe() {
        return vertx == null ? new BlockingPortProbe() : new BlockingPortProbe(vertx, HostResolver.system());
    }

    /** What SQL Server's host name resolves to from this host (a fact, never an exception). */
    public DnsFacts resolveSqlServer(String sqlServerHost) {
        return HostResolver.system().resolve(sqlServerHost);
    }

    /**
     * SQL Server's address range, to compare with the managed instance subnet (reference §2.1: they must not
     * overlap). When the address is on one of this machine's interfaces (milink runs on SQL Server's host) that is
     * the interface's subnet; otherwise all milink can know is the single address.
     *
     * @return null when the name did not resolve
     */
    public static Cidr sqlServerNetwork(DnsFacts sqlServer) {
        String address = sqlServer.probedAddress();
        if (address == null) {
            return null;
        }
        try {
            InetAddress ip = InetAddress.getByName(address); // a literal: no lookup
            NetworkInterface nic = ip.isLoopbackAddress() ? null : NetworkInterface.getByInetAddress(ip);
            if (nic != null) {
                for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
                    if (ia.getAddress().equals(ip)) {
                        return new Cidr(address, ia.getNetworkPrefixLength());
                    }
                }
            }
            return new Cidr(address, ip.getAddress().length * 8);
        } catch (UnknownHostException | SocketException e) {
            return null;
        }
    }

    /**
     * Whether {@code host} is this machine: then the probes test the path SQL Server itself would use. A name that
     * does not resolve is not this machine.
     */
    public static boolean isThisHost(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
