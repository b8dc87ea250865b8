package io.milink.preflight.check.cert;

import io.milink.certs.AzureRootBundle;
import io.milink.certs.AzureRootCa;
import io.milink.preflight.check.Check;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cert.rootCa.expiry}: the Azure roots imported on SQL Server stay valid. A root that expires takes every
 * certificate under it along; Azure moves to a new root before that, and SQL Server must trust the new one first
 * (mi-link-workflow.md §1.8: the root used by the managed instance can change over time).
 */
public final class RootCaExpiryCheck implements Check {

    public static final String ID = "cert.rootCa.expiry";
    private static final String TITLE = "Azure root CAs on SQL Server stay valid";
    /** A year ahead: root changes are announced months before, and a maintenance window takes planning. */
    static final Duration HORIZON = Duration.ofDays(365);

    private final AzureRootBundle bundle;

    public RootCaExpiryCheck(AzureRootBundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(Facts facts) {
        if (facts.sqlServer() == null) {
            return List.of(new Finding(ID, Status.SKIP, facts.target(), TITLE,
                    "not evaluated: milink could not log in (see sql.connect)", null));
        }
        Instant now = facts.collectedAt();
        List<String> soon = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (AzureRootCa root : bundle.roots()) {
            boolean present = facts.sqlServer().certificates().stream()
                    .anyMatch(c -> root.thumbprint().hex().equalsIgnoreCase(c.thumbprint()));
            if (!present) {
                continue;
            }
            Instant notAfter = root.notAfter();
            String line = root.id() + " until " + notAfter.toString().substring(0, 10);
            if (notAfter.isBefore(now)) {
                soon.add(line + " (EXPIRED)");
            } else if (notAfter.isBefore(now.plus(HORIZON))) {
                soon.add(line);
            } else {
                fine.add(line);
            }
        }
        if (soon.isEmpty() && fine.isEmpty()) {
            return List.of(new Finding(ID, Status.SKIP, facts.target(), TITLE,
                    "no Azure root CA is imported yet (see cert.rootCa.*)", null));
        }
        if (!soon.isEmpty()) {
            return List.of(new Finding(ID, Status.WARN, facts.target(), TITLE, "expires within a year: "
                    + String.join(", ", soon), io.milink.preflight.check.Remediation.manual(
                    "Import the root Azure now uses (Microsoft Learn: Azure Certificate Authority details) and "
                            + "register it with sp_certificate_add_issuer before the old one expires.")));
        }
        return List.of(new Finding(ID, Status.PASS, facts.target(), TITLE, "valid for more than a year: "
                + String.join(", ", fine), null));
    }
}
