package io.milink.core.azure;

import java.util.regex.Pattern;

/**
 * Names that become a segment of a Resource Manager URL path ({@code …/managedInstances/{name}/
 * distributedAvailabilityGroups/{name}}). Checked where the URL is built, so every caller (the CLI, a spec, the
 * service) gets the same refusal: a name must never steer the request elsewhere ({@code /}, {@code ..}, {@code ?},
 * {@code #}, {@code %} and control characters would).
 */
public final class ArmPathSegment {

    /**
     * Anything but what has a meaning in a URL. Azure's own naming rules are stricter and differ per resource type;
     * they are Azure's to enforce (it answers 400), where a segment that steers the URL would reach another resource.
     */
    private static final Pattern SEGMENT = Pattern.compile("[^/\\\\?#%\\p{Cntrl}]{1,128}");

    private ArmPathSegment() {
    }

    /**
     * A name that becomes one segment of the URL: a subscription id, resource group, instance name, or a resource
     * under the instance such as a link or a server trust certificate; {@code what} names it in the message.
     */
    public static String segment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches() || allDots(value) || !value.strip().equals(value)) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' cannot be a Resource Manager name: "
                    + "up to 128 characters, without '/', '\\', '?', '#', '%', control characters or surrounding "
                    + "spaces, and not only dots");
        }
        return value;
    }

    private static boolean allDots(String value) {
        return value.chars().allMatch(c -> c == '.');
    }

    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(100).forEach(c -> out.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        return out.toString();
    }
}
