package io.milink.linkmanager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

import io.milink.certs.CertificateTsql;
import io.milink.core.azure.AcceptedOperation;

/**
 * SQL Server's link certificate created in master (Doc, scripts page §3.2), and read back in the same batch
 * ({@code CERTENCODED}) for the upload step that follows: one round trip for both.
 */
record CreateLinkCertificate(String certificateName, LocalDate expiry, CertificateHandOff handOff)
        implements StepAction {

    @Override
    public String shown() {
        return CertificateTsql.createLinkCertificate(certificateName, expiry) + "\n"
                + CertificateTsql.exportCertificateStatement(certificateName);
    }

    @Override
    public List<String> script() {
        return List.of(shown(), "GO");
    }

    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws SQLException {
        try (Statement s = session.sql().createStatement()) {
            boolean isResultSet = s.execute(shown());
            while (isResultSet || s.getUpdateCount() != -1) {
                if (isResultSet) {
                    try (ResultSet rs = s.getResultSet()) {
                        if (rs.next() && rs.getBytes(1) != null) {
                            handOff.handOver(rs.getBytes(1));
                        }
                    }
                }
                isResultSet = s.getMoreResults();
            }
        }
    }
}
