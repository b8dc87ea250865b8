package io.milink.core.azure;

import java.util.List;
import java.util.Locale;

/**
 * One entry of Microsoft.Authorization's {@code permissions} list for the caller on a resource: what one role
 * grants. Azure RBAC allows an action when some entry's {@code actions} match it and the same entry's
 * {@code notActions} do not; {@code *} matches any run of characters, case-insensitively.
 */
public record PermissionGrant(List<String> actions, List<String> notActions) {

    public PermissionGrant {
        actions = List.copyOf(actions);
        notActions = notActions == null ? List.of() : List.copyOf(notActions);
    }

    public boolean allows(String action) {
        return actions.stream().anyMatch(a -> matches(a, action))
                && notActions.stream().noneMatch(n -> matches(n, action));
    }

    /** Whether any of the grants allows {@code action} (the roles' effective permissions are their union). */
    public static boolean anyAllows(List<PermissionGrant> grants, String action) {
        return grants.stream().anyMatch(g -> g.allows(action));
    }

    static boolean matches(String pattern, String action) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String a = action.toLowerCase(Locale.ROOT);
        String[] parts = p.split("\\*", -1);
        if (parts.length == 1) {
            return p.equals(a);
        }
        if (!a.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = a.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return a.length() - at >= last.length() && a.endsWith(last);
    }
}
