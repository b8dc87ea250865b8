package io.milink.linkmanager;

import java.util.Optional;

/**
 * SQL Server's link certificate (its whole DER), passed within one plan from the step that creates it to the step
 * that uploads it to the instance: the creation reads it in its own batch, so the upload needs no round trip to SQL
 * Server of its own. Empty when the certificate was not created by this plan's run (it existed, or the run that
 * created it stopped): the upload then reads it itself.
 */
final class CertificateHandOff {

    private volatile byte[] der;

    void handOver(byte[] certificate) {
        this.der = certificate.clone();
    }

    Optional<byte[]> certificate() {
        byte[] d = der;
        return d == null ? Optional.empty() : Optional.of(d.clone());
    }
}
