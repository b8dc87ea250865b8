package io.milink.preflight.check;

import java.util.Objects;

/**
 * One verdict of one check on one target.
 *
 * @param id          the check's stable id, e.g. {@code sql.version}, {@code db.fullBackup}
 * @param status      the verdict
 * @param target      the instance or database it is about
 * @param title       what was checked, in a few words
 * @param evidence    what was seen, so the verdict can be verified by hand
 * @param remediation what to do; null when there is nothing to do
 */
public record Finding(String id, Status status, String target, String title, String evidence,
                      Remediation remediation) {
    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
    }
}
