package io.milink.core.azure;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A managed instance as Azure names it: subscription, resource group and instance name. */
public record ManagedInstanceRef(String subscriptionId, String resourceGroup, String name) {

    private static final Pattern RESOURCE_ID = Pattern.compile(
            "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Sql/managedInstances/([^/]+)/?$");

    public ManagedInstanceRef {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(resourceGroup, "resourceGroup");
        Objects.requireNonNull(name, "name");
        // Each part is a URL path segment of every ARM call milink makes for this instance.
        ArmPathSegment.segment("subscription id", subscriptionId);
        ArmPathSegment.segment("resource group", resourceGroup);
        ArmPathSegment.segment("managed instance name", name);
    }

    /**
     * @throws IllegalArgumentException showing the expected shape when {@code resourceId} is not a managed instance id
     */
    public static ManagedInstanceRef parse(String resourceId) {
        Matcher m = RESOURCE_ID.matcher(resourceId.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + resourceId + "' is not a managed instance resource id; expected "
                    + "/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Sql/managedInstances/NAME");
        }
        return new ManagedInstanceRef(m.group(1), m.group(2), m.group(3));
    }

    public String resourceId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Sql/managedInstances/" + name;
    }
}
