package io.milink.linkmanager;

import io.milink.core.azure.AcceptedOperation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

import io.milink.certs.CertificateTsql;
import io.milink.core.ShellQuote;

/**
 * SQL Server's link certificate uploaded to the instance as a server trust certificate (Doc, scripts page §3.3): its
 * whole DER ({@code CERTENCODED}), as the step before read it when it created the certificate ({@code handOff}),
 * otherwise read when this step runs.
 */
record UploadTrustCertificate(String certificateName, String resourceGroup, String instanceName,
                              CertificateHandOff handOff) implements StepAction {

    @Override
    public String shown() {
        return "PUT …/managedInstances/" + instanceName + "/serverTrustCertificates/" + certificateName
                + " {\"properties\":{\"publicBlob\":\"<CERTENCODED(CERT_ID(N'" + certificateName + "'))>\"}}";
    }

    @Override
    public List<String> script() {
        return List.of(
                "-- Read SQL Server's certificate for the upload below (copy the 0x… value):",
                CertificateTsql.exportCertificate(certificateName), "GO",
                "# Azure CLI: upload it to the managed instance as a server trust certificate",
                "az sql mi partner-cert create --resource-group " + ShellQuote.bash(resourceGroup)
                        + " --instance-name " + ShellQuote.bash(instanceName) + " --name "
                        + ShellQuote.bash(certificateName) + " --public-blob 0x<the value read above>");
    }

    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws Exception {
        byte[] der = handOff.certificate().orElse(null);
        if (der == null) {
            der = read(session);
        }
        session.arm().trustCertificates().putWithoutReadBack(certificateName, HexFormat.of().formatHex(der),
                accepted);
    }

    private byte[] read(LinkSession session) throws SQLException {
        try (Statement s = session.sql().createStatement();
             ResultSet rs = s.executeQuery(CertificateTsql.exportCertificate(certificateName))) {
            if (!rs.next() || rs.getBytes(1) == null) {
                throw new SQLException("certificate " + certificateName + " is not in master; its step must run first");
            }
            return rs.getBytes(1);
        }
    }
}
