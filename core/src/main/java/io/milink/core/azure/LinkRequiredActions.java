package io.milink.core.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Azure RBAC actions a managed-instance link needs (the documented custom-role list), kept in one resource file,
 * {@code io/milink/core/azure/link-required-actions}, so the permissions check and the documentation cannot drift;
 * and which of them a caller's permissions ({@link PermissionGrant}) leave out.
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
     * The required actions none of the permissions grant. An action is granted when one entry's {@code actions}
     * match it and that same entry's {@code notActions} do not (Azure RBAC: notActions subtract within their own
     * role assignment, not across assignments).
     */
    public static List<String> notGranted(List<PermissionGrant> permissions) {
        return ACTIONS.stream().filter(action -> !PermissionGrant.anyAllows(permissions, action)).toList();
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
