package io.milink.simulator.sqlserver;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RAISERROR's printf-like message formatting: {@code %[flags][width][.precision]type} with types d, i, u, s, x, X,
 * o and {@code %%} (Microsoft Learn, RAISERROR). SQL Server's {@code %ls}/{@code %.*ls} forms are accepted as s.
 */
final class RaiserrorFormat {

    private static final Pattern SPEC = Pattern.compile("%([-+ 0#]*)(\\d+|\\*)?(?:\\.(\\d+|\\*))?(h|l|I64)?([disuxXo%])");

    private RaiserrorFormat() {
    }

    static String format(String template, List<Object> args) {
        Matcher m = SPEC.matcher(template);
        StringBuilder out = new StringBuilder();
        int next = 0;
        while (m.find()) {
            char type = m.group(5).charAt(0);
            String replacement;
            if (type == '%') {
                replacement = "%";
            } else {
                if ("*".equals(m.group(2)) || "*".equals(m.group(3))) {
                    next++;
                }
                Object arg = next < args.size() ? args.get(next++) : null;
                if (arg == null) {
                    replacement = "(null)";
                } else {
                    replacement = switch (type) {
                        case 'd', 'i', 'u' -> arg instanceof Number n ? Long.toString(n.longValue()) : arg.toString();
                        case 'x' -> arg instanceof Number n ? Long.toHexString(n.longValue()) : arg.toString();
                        case 'X' -> arg instanceof Number n ? Long.toHexString(n.longValue()).toUpperCase() : arg.toString();
                        case 'o' -> arg instanceof Number n ? Long.toOctalString(n.longValue()) : arg.toString();
                        default -> arg.toString();
                    };
                    if (m.group(3) != null && !"*".equals(m.group(3)) && type == 's') {
                        int p = Integer.parseInt(m.group(3));
                        replacement = replacement.length() > p ? replacement.substring(0, p) : replacement;
                    }
                    if (m.group(2) != null && !"*".equals(m.group(2))) {
                        int w = Integer.parseInt(m.group(2));
                        boolean left = m.group(1) != null && m.group(1).contains("-");
                        while (replacement.length() < w) {
                            replacement = left ? replacement + " " : " " + replacement;
                        }
                    }
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
