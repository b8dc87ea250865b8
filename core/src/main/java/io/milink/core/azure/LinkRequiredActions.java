package io.milink.core.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Azure RBAC actions a managed-instance link needs (the documented custom-role list), kept in one resource file,
 * {@code io/milink/core/azure/link-required-actions}, so the permissions check and the documentation cannot drift;
 * and ARM's rule for whether a caller's permissions grant an action.
 */
public final class LinkRequiredActions {

    static final String RESOURCE = "link-required-actions";

    private static final List<String> ACTIONS = load();

    private LinkRequiredActions() {
    }

    /** The required actions, in the file's order. */
    public static List<String> all() {
        return ACTIONS;
    }

    /**
     * One entry of ARM's {@code Microsoft.Authorization/permissions} answer: actions granted by a role assignment
     * and the ones that assignment excludes. Entries may use {@code *} wildcards, matched case-insensitively.
     */
    public record Permission(List<String> actions, List<String> notActions) {
        public Permission {
            actions = List.copyOf(Objects.requireNonNull(actions, "actions"));
            notActions = notActions == null ? List.of() : List.copyOf(notActions);
        }

        boolean grants(String action) {
            return actions.stream().anyMatch(a -> matches(a, action))
                    && notActions.stream().noneMatch(n -> matches(n, action));
        }
    }

    /**
     * The required actions none of the permissions grant. An action is granted when one entry's {@code actions}
     * match it and that same entry's {@code notActions} do not (Azure RBAC: notActions subtract within their own
     * role assignment, not across assignments).
     */
    public static List<String> notGranted(List<Permission> permissions) {
        return ACTIONS.stream().filter(action -> permissions.stream().noneMatch(p -> p.grants(action))).toList();
    }

    static boolean matches(String pattern, String action) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part.toLowerCase(Locale.ROOT)));
        }
        return action.toLowerCase(Locale.ROOT).matches(regex.toString());
    }

    private static List<String> load() {
        try (InputStream in = LinkRequiredActions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from milink-core");
            }
            List<String> actions = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String action = line.strip();
                if (!action.isEmpty() && !action.startsWith("#")) {
                    actions.add(action);
                }
            }
            return List.copyOf(actions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
