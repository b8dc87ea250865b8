package io.milink.core.azure;

import java.util.regex.Pattern;

/**
 * Names that become a segment of a Resource Manager URL path ({@code …/managedInstances/{name}/
 * distributedAvailabilityGroups/{name}}). Checked where the URL is built, so every caller (the CLI, a spec, the
 * service) gets the same refusal: a name must never steer the request elsewhere ({@code /}, {@code ..}, {@code ?},
 * {@code #}, {@code %} and control characters would).
 */
public final class ArmPathSegment {

    /** What Azure allows in subscription ids, resource group and managed instance names. */
    private static final Pattern AZURE_NAME = Pattern.compile("[\\p{L}\\p{N}._()-]{1,90}");
    /** A child resource's name (a link, a trust certificate): anything but what has a meaning in a URL. */
    private static final Pattern CHILD_NAME = Pattern.compile("[^/\\\\?#%\\p{Cntrl}]{1,128}");

    private ArmPathSegment() {
    }

    /** A subscription id, resource group or instance name; {@code what} names it in the message. */
    public static String azureName(String what, String value) {
        if (value == null || !AZURE_NAME.matcher(value).matches() || allDots(value)) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' is not an Azure name: use letters, "
                    + "digits, '-', '_', '.', '(' and ')' only, up to 90 characters");
        }
        return value;
    }

    /** The name of a resource under the instance, such as a link or a server trust certificate. */
    public static String childName(String what, String value) {
        if (value == null || !CHILD_NAME.matcher(value).matches() || allDots(value) || !value.strip().equals(value)) {
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
