package io.milink.preflight.check;

import io.milink.preflight.facts.AvailabilityGroupFact;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.ConnectionOutcome;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.EndpointFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.SqlServerFacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built facts for check tests: a ready SQL Server 2022 with one ready database, changed per test. */
final class FactsFixture {

    static final Instant COLLECTED = Instant.parse("2026-11-22T12:00:00Z");

    String productVersion = "16.0.4265.3";
    String productLevel = "RTM";
    String updateLevel = "CU26";
    String edition = "Enterprise Edition (64-bit)";
    String platform = "Windows";
    boolean hadr = true;
    boolean sysadmin = true;
    boolean issuerProcedure = true;
    boolean masterKey = true;
    List<Integer> traceFlags = new ArrayList<>(List.of(1800, 9567));
    List<String> startup = new ArrayList<>(List.of("-dC:\\data\\master.mdf", "-T1800", "-T9567"));
    List<EndpointFact> endpoints = new ArrayList<>();
    List<CertificateFact> certificates = new ArrayList<>(List.of(
            root(101, "DigiCertPKI", "digicert-global-root-g2"), root(102, "MicrosoftPKI", "microsoft-rsa-root-2017")));
    List<io.milink.preflight.facts.IssuerFact> issuers = new ArrayList<>(List.of(
            new io.milink.preflight.facts.IssuerFact(101, "*.database.windows.net"),
            new io.milink.preflight.facts.IssuerFact(102, "*.database.windows.net")));

    /** A row of sys.certificates for one of the real bundled Azure roots. */
    static CertificateFact root(int id, String name, String bundledId) {
        var root = io.milink.certs.AzureRootBundle.load().find(bundledId).orElseThrow();
        var x509 = root.certificate().x509();
        return new CertificateFact(id, name, x509.getSubjectX500Principal().getName(),
                x509.getIssuerX500Principal().getName(), x509.getNotBefore().toInstant(),
                x509.getNotAfter().toInstant(), root.thumbprint().hex(), "NA",
                java.util.HexFormat.of().withUpperCase().formatHex(root.certificate().der()));
    }
    List<DatabaseFacts> databases = new ArrayList<>(List.of(database("Sales")));
    List<AvailabilityGroupFact> availabilityGroups = new ArrayList<>();
    String availabilityGroupName;
    List<String> requested = new ArrayList<>(List.of("Sales"));

    static DatabaseFacts database(String name) {
        return new DatabaseFacts(name, 5, "ONLINE", "FULL", null, 1, 0, 0, null,
                Instant.parse("2026-11-20T01:00:00Z"), null, null, true, 2048);
    }

    static DatabaseFacts database(String name, String recoveryModel, Instant lastFull, Instant lastCopyOnly) {
        return new DatabaseFacts(name, 6, "ONLINE", recoveryModel, null, 1, 0, 0, null, lastFull, lastCopyOnly,
                null, true, 100);
    }

    SqlServerFacts server() {
        return new SqlServerFacts("SQL22", productVersion, productLevel, updateLevel, edition, 3, platform,
                "SQL_Latin1_General_CP1_CI_AS", hadr, sysadmin, issuerProcedure, masterKey, traceFlags, startup,
                certificates, endpoints, availabilityGroups, databases, issuers);
    }

    Facts facts() {
        return new Facts(Facts.SCHEMA_VERSION, COLLECTED, "sql22.contoso.local", requested,
                ConnectionOutcome.success(), server()).withAvailabilityGroup(availabilityGroupName);
    }

    static Facts notConnected(String... databases) {
        return new Facts(Facts.SCHEMA_VERSION, COLLECTED, "sql22.contoso.local", List.of(databases),
                ConnectionOutcome.failed(io.milink.core.sql.ConnectFailure.LOGIN_FAILED, 18456,
                        "Login failed for user 'milink'."), null);
    }

    static Finding only(Check check, Facts facts) {
        List<Finding> findings = check.evaluate(facts);
        if (findings.size() != 1) {
            throw new AssertionError("expected one finding from " + check.id() + ", got " + findings);
        }
        return findings.get(0);
    }
}
