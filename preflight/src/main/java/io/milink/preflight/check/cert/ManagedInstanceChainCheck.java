package io.milink.preflight.check.cert;

import io.milink.certs.CertificateReader;
import io.milink.certs.ChainValidation;
import io.milink.certs.ChainValidator;
import io.milink.certs.DerCertificate;
import io.milink.certs.TrustedRoot;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.check.mi.ManagedInstanceCheck;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code cert.mi.chain}: the managed instance's endpoint certificate chains to a root SQL Server has imported, and
 * stays valid for 30 days. Validated offline (no revocation or issuer fetches: SQL Server hosts often have no
 * internet; mi-link-workflow.md §3.6). ARM gives the leaf only, so a path through an intermediate that SQL Server
 * does not hold is reported with the issuer to look for, as a warning rather than a failure.
 */
public final class ManagedInstanceChainCheck extends ManagedInstanceCheck {

    static final Duration HORIZON = Duration.ofDays(30);

    public ManagedInstanceChainCheck() {
        super("cert.mi.chain", "Managed instance certificate chains to a root SQL Server trusts");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        if (facts.sqlServer() == null || mi.endpointCertificate() == null) {
            return List.of(finding(facts, Status.SKIP, "not evaluated: needs both SQL Server's certificates and the "
                    + "managed instance's endpoint certificate" + (mi.endpointCertificateError() == null ? ""
                    : " (" + mi.endpointCertificateError() + ")"), null));
        }
        DerCertificate leaf = CertificateReader.read(HexFormat.of().parseHex(mi.endpointCertificate()));
        List<TrustedRoot> roots = new ArrayList<>();
        List<DerCertificate> others = new ArrayList<>();
        for (CertificateFact c : facts.sqlServer().certificates()) {
            if (c.der() == null) {
                continue;
            }
            byte[] der = HexFormat.of().parseHex(c.der());
            roots.add(TrustedRoot.fromSqlServer(c.name(), der));
            others.add(CertificateReader.read(der));
        }
        ChainValidation v = ChainValidator.validate(leaf, others, roots, facts.collectedAt(), HORIZON);
        // One line of evidence: the validator's summary lists its reasons on separate lines.
        String summary = v.summary().replace("\n- ", "; ").replace('\n', ' ');
        return List.of(switch (v.status()) {
            case VALID -> finding(facts, Status.PASS, summary, null);
            case EXPIRES_WITHIN_HORIZON -> finding(facts, Status.WARN, summary, Remediation.manual("Azure renews "
                    + "the certificate; import the new root or intermediate it chains to before then."));
            case NO_PATH -> finding(facts, Status.WARN, summary + (v.missingIssuer().isPresent()
                    ? "; SQL Server holds no certificate for issuer " + v.missingIssuer().get() : ""),
                    Remediation.manual("Import the Azure root CA the certificate chains to and register it with "
                            + "sp_certificate_add_issuer (see cert.rootCa.*)" + v.issuerUrl().map(
                            u -> "; its issuer is published at " + u).orElse("") + "."));
            default -> finding(facts, Status.FAIL, summary, Remediation.manual("The managed instance's certificate "
                    + "is not usable now; open a support case if Azure has not renewed it."));
        });
    }
}
