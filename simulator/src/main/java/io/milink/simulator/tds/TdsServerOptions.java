package io.milink.simulator.tds;

import java.util.Objects;

import io.milink.simulator.engine.FaultPlan;
import io.milink.simulator.pki.IssuedCertificate;

/**
 * How a {@link TdsServer} listens.
 *
 * @param bindHost       address to bind, {@code 127.0.0.1} by default
 * @param port           TCP port, 0 for an ephemeral one
 * @param tlsCertificate certificate for TLS (classic, login-only and strict), or null for no TLS: PRELOGIN then
 *                       answers ENCRYPT_NOT_SUP and a client demanding encryption fails
 * @param faults         the protocol layer applies {@link FaultPlan#dropConnectionAfterRequests()} and
 *                       {@link FaultPlan#replyDelay()}; statement faults are the engine's
 */
public record TdsServerOptions(String bindHost, int port, IssuedCertificate tlsCertificate, FaultPlan faults) {

    public TdsServerOptions {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(faults, "faults");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range");
        }
    }

    /** Loopback, ephemeral port, no TLS, no faults. */
    public static TdsServerOptions defaults() {
        return new TdsServerOptions("127.0.0.1", 0, null, FaultPlan.NONE);
    }

    public TdsServerOptions withBindHost(String host) {
        return new TdsServerOptions(host, port, tlsCertificate, faults);
    }

    public TdsServerOptions withPort(int newPort) {
        return new TdsServerOptions(bindHost, newPort, tlsCertificate, faults);
    }

    public TdsServerOptions withTls(IssuedCertificate certificate) {
        return new TdsServerOptions(bindHost, port, certificate, faults);
    }

    public TdsServerOptions withFaults(FaultPlan plan) {
        return new TdsServerOptions(bindHost, port, tlsCertificate, plan);
    }
}
