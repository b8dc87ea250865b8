package io.milink.preflight.facts;

/**
 * A certificate registered as a trusted issuer for a DNS name ({@code sp_certificate_add_issuer}), as the
 * undocumented {@code sys.sp_certificate_issuers} lists it (certificateid, dnsname; SQL LogScout's
 * MiscDiagInfo.sql, mi-link-workflow.md §1.8).
 */
public record IssuerFact(int certificateId, String dnsName) {
}
