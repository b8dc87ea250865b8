package io.milink.preflight.check.cert;

import io.milink.certs.CertificateReader;
import io.milink.certs.CertificateTsql;
import io.milink.certs.ChainProblem;
import io.milink.certs.ChainValidation;
import io.milink.certs.ChainValidator;
import io.milink.certs.DerCertificate;
import io.milink.certs.IssuerDnsName;
import io.milink.certs.TrustedRoot;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.check.mi.ManagedInstanceCheck;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.IssuerFact;
import io.milink.preflight.facts.ManagedInstanceFacts;
import io.milink.preflight.facts.SqlServerFacts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code cert.mi.chain}: the managed instance's endpoint certificate chains to a certificate SQL Server trusts for
 * the instance's host name, and stays valid for 30 days. Validated offline (no revocation or issuer fetches: SQL
 * Server hosts often have no internet; mi-link-workflow.md §3.6).
 *
 * <p>What SQL Server trusts: the certificates registered with {@code sp_certificate_add_issuer} for a DNS name
 * covering the instance ({@code *.database.windows.net}; managed-instance-link-configure-how-to-scripts.md, "Import
 * Azure-trusted root certificate authority keys"), read with {@code sys.sp_certificate_issuers} where the build has
 * it. A root merely present in master is not trusted for the link. Where registrations cannot be listed, every
 * self-issued CA in master is taken as trusted and the finding says so.
 *
 * <p>What ARM gives: only the leaf. {@code endpointCertificates/DATABASE_MIRRORING} returns one certificate in
 * {@code publicBlob} (EndpointCertificates.json 2025-01-01; the EndpointCertificatesGet example's blob is one DER
 * certificate), issued by an Azure intermediate CA. The documented setup imports the roots only, never that
 * intermediate: SQL Server leaves the rest of the path to its host's chain engine ({@code
 * sp_validate_certificate_ca_chain} "relies on host OS services"; managed-instance-link-best-practices.md,
 * "Validate the certificate chain on SQL Server"). So when master does not hold the leaf's issuer, milink proves
 * what it can (the leaf's dates, and that SQL Server trusts some certificate for the host) and says which hop it
 * could not verify, rather than warning on every correctly prepared server. A newer ARM version
 * (2026-08-01-preview) adds {@code trustedRootCertificates} to the endpoint certificate; reading it would close
 * that hop (not read yet: milink's client uses 2025-01-01).
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
        String host = mi.fqdn() != null ? mi.fqdn() : leaf.identity().subjectCommonName();
        SqlServerTrust trust = SqlServerTrust.of(facts.sqlServer(), host);
        ChainValidation v = ChainValidator.validate(leaf, trust.intermediates(), trust.anchors(),
                facts.collectedAt(), HORIZON);
        return List.of(judge(facts, leaf, host, trust, v));
    }

    private Finding judge(Facts facts, DerCertificate leaf, String host, SqlServerTrust trust, ChainValidation v) {
        String note = trust.registrationsVisible() ? "" : "; this build does not list issuer registrations "
                + "(sys.sp_certificate_issuers), so every root in master was taken as trusted without confirming "
                + "its registration for " + host;
        String summary = oneLine(v.summary());
        switch (v.status()) {
            case VALID:
                return finding(facts, Status.PASS, summary + note, null);
            case EXPIRES_WITHIN_HORIZON:
                return finding(facts, Status.WARN, summary + note, Remediation.manual("Azure renews the "
                        + "certificate before it expires; if the renewed one chains to another root, import and "
                        + "register that root (cert.rootCa.*) before then."));
            case EXPIRED:
            case NOT_YET_VALID:
            case REJECTED:
                return finding(facts, Status.FAIL, summary + note, unusable(v));
            default:
                return noPath(facts, leaf, host, trust, v, note);
        }
    }

    private Finding noPath(Facts facts, DerCertificate leaf, String host, SqlServerTrust trust, ChainValidation v,
                           String note) {
        List<ChainProblem> dates = new ArrayList<>(v.problems(ChainProblem.Kind.EXPIRED));
        dates.addAll(v.problems(ChainProblem.Kind.NOT_YET_VALID));
        if (!dates.isEmpty()) {
            return finding(facts, Status.FAIL, dates.stream().map(ChainProblem::message)
                    .collect(Collectors.joining("; ")), unusable(v));
        }
        boolean leafIssuerMissing = v.path().size() == 1
                && !v.problems(ChainProblem.Kind.ISSUER_NOT_FOUND).isEmpty();
        if (!leafIssuerMissing) {
            return wrongRoot(facts, host, trust, v);
        }
        if (trust.anchors().isEmpty()) {
            return finding(facts, Status.FAIL, "SQL Server trusts no certificate for " + host + " (nothing in master "
                    + "is registered as issuer for it" + (trust.registrationsVisible() ? "" : "; no root in master")
                    + "), so it cannot validate the managed instance's certificate", Remediation.manual(
                    "Import the Azure root CAs and register them for " + CertificateTsql.AZURE_DNS_PATTERN
                            + " (cert.rootCa.* give the T-SQL)."));
        }
        // The documented setup: roots registered, the leaf's intermediate not in master.
        String issuer = leaf.x509().getIssuerX500Principal().getName();
        String evidence = "'" + leaf.identity().subjectCommonName() + "' valid until " + leaf.identity().notAfter()
                + "; issued by '" + issuer + "', which is not in master, so the hop from it to a root is not "
                + "verified offline (SQL Server's host resolves it" + v.issuerUrl().map(u -> "; published at " + u)
                .orElse("") + "); SQL Server trusts for " + host + ": " + trust.anchorLabels() + note;
        List<ChainProblem> soon = v.problems(ChainProblem.Kind.EXPIRES_WITHIN_HORIZON);
        if (!soon.isEmpty()) {
            return finding(facts, Status.WARN, evidence + "; " + soon.get(0).message(), Remediation.manual(
                    "Azure renews the certificate before it expires; re-run preflight after the renewal."));
        }
        return finding(facts, Status.PASS, evidence, null);
    }

    /** Master holds the path's top but it does not end at a certificate SQL Server trusts for the host. */
    private Finding wrongRoot(Facts facts, String host, SqlServerTrust trust, ChainValidation v) {
        String why = oneLine(v.summary());
        // Would the path end at a root that is in master but not registered for the host?
        List<TrustedRoot> widened = new ArrayList<>(trust.anchors());
        widened.addAll(trust.everyRootInMaster());
        ChainValidation anyRoot = ChainValidator.validate(v.path().get(0), trust.intermediates(), widened,
                v.checkedAt(), v.horizon());
        Optional<TrustedRoot> unregistered = anyRoot.root().filter(r -> trust.anchors().stream()
                .noneMatch(a -> a.certificate().equals(r.certificate())));
        if (unregistered.isPresent()) {
            String name = unregistered.get().label();
            return finding(facts, Status.FAIL, "the certificate chains to '" + name + "' in master, but '" + name
                    + "' is not registered as issuer for " + host + "; " + why,
                    Remediation.tsql(CertificateTsql.registerIssuer(name)));
        }
        return finding(facts, Status.FAIL, "the certificate does not chain to a certificate SQL Server trusts for "
                + host + " (trusted: " + trust.anchorLabels() + "): " + why, Remediation.manual("Compare the issuer "
                + "above with the Azure root CAs (cert.rootCa.*): a certificate with the right name but another key "
                + "is not that root. Re-import the managed instance's certificate and the roots "
                + "(docs/certificates.md)."));
    }

    private static Remediation unusable(ChainValidation v) {
        if (!v.problems(ChainProblem.Kind.NOT_YET_VALID).isEmpty()) {
            return Remediation.manual("A certificate that is not valid yet usually means a wrong clock: check the "
                    + "SQL Server host's UTC time against an NTP source, then re-run preflight.");
        }
        return Remediation.manual("The managed instance's certificate is not usable now. Azure rotates it; if a "
                + "rotated one is not served within hours, open a support case.");
    }

    private static String oneLine(String summary) {
        return summary.replace("\n- ", "; ").replace('\n', ' ');
    }

    /**
     * What SQL Server trusts for one host name, from the inventory's certificates and issuer registrations.
     *
     * @param anchors              what a path must end at: registered for the host, or every root when
     *                             registrations cannot be listed
     * @param intermediates        every other CA certificate in master (a DBA may import the intermediate)
     * @param everyRootInMaster    every self-issued certificate in master, registered or not
     * @param registrationsVisible whether sys.sp_certificate_issuers answered
     */
    private record SqlServerTrust(List<TrustedRoot> anchors, List<DerCertificate> intermediates,
                                  List<TrustedRoot> everyRootInMaster, boolean registrationsVisible) {

        static SqlServerTrust of(SqlServerFacts server, String host) {
            List<TrustedRoot> anchors = new ArrayList<>();
            List<DerCertificate> intermediates = new ArrayList<>();
            List<TrustedRoot> roots = new ArrayList<>();
            List<IssuerFact> issuers = server.issuers();
            for (CertificateFact c : server.certificates()) {
                if (c.der() == null) {
                    continue;
                }
                DerCertificate cert = CertificateReader.read(HexFormat.of().parseHex(c.der()));
                boolean ca = cert.identity().certificateAuthority();
                boolean selfIssued = cert.identity().selfIssued();
                if (selfIssued) {
                    roots.add(new TrustedRoot(c.name(), cert));
                }
                if (ca && !selfIssued) {
                    intermediates.add(cert);
                }
                boolean trusted = issuers == null ? ca && selfIssued : issuers.stream().anyMatch(i ->
                        c.certificateId() != null && i.certificateId() == c.certificateId()
                                && IssuerDnsName.covers(i.dnsName(), host));
                if (trusted) {
                    anchors.add(new TrustedRoot(c.name(), cert));
                }
            }
            return new SqlServerTrust(anchors, intermediates, roots, issuers != null);
        }

        String anchorLabels() {
            return anchors.isEmpty() ? "nothing" : anchors.stream().map(a -> "'" + a.label() + "' ("
                    + a.certificate().identity().subjectCommonName() + ")").collect(Collectors.joining(", "));
        }
    }
}
