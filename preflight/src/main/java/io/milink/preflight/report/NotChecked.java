package io.milink.preflight.report;

import java.util.Objects;

/**
 * A part of the link a report says nothing about, and why (its anchor check's evidence, or the scope).
 *
 * @param part   what was not checked
 * @param reason why, and how to check it
 */
public record NotChecked(Part part, String reason) {
    public NotChecked {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(reason, "reason");
    }
}
