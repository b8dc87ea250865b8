package io.milink.simulator.tds;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The 5-byte TDS collation (MS-TDS 2.2.5.1.2): a 32-bit little-endian word holding LCID (bits 0–19), the
 * comparison flags (bit 20 ignore case, 21 ignore accent, 22 ignore kana, 23 ignore width, 24 binary, 25 binary2,
 * 26 UTF-8) and the collation version (bits 28–31), followed by a SortId byte that is non-zero only for the
 * SQL_ collations.
 *
 * <p>Windows collations ({@code Latin1_General_100_CI_AS_SC}) are computed from the name: the LCID of the
 * collation designator, the version from the suffix (none = 0, _90 = 1, _100 = 2, _140 = 3), and the flags from
 * the CI/CS, AI/AS, KS, WS, BIN, BIN2, UTF8 parts (kana and width are ignored unless _KS/_WS say otherwise).
 * SQL collations come from a small table of SortIds. <b>Any name we cannot encode falls back to
 * SQL_Latin1_General_CP1_CI_AS</b> ({@code 09 04 d0 00 34}), the bytes the driver was measured with (§4.3).
 */
final class Collations {
    static final byte[] SQL_LATIN1_GENERAL_CP1_CI_AS = {0x09, 0x04, (byte) 0xD0, 0x00, 0x34};

    /** LCIDs of common Windows collation designators. */
    private static final Map<String, Integer> DESIGNATOR_LCIDS = Map.of(
            "LATIN1_GENERAL", 0x0409,
            "FRENCH", 0x040C,
            "GERMAN_PHONEBOOK", 0x10407,
            "CYRILLIC_GENERAL", 0x0419,
            "JAPANESE", 0x0411,
            "CHINESE_PRC", 0x0804,
            "KOREAN_WANSUNG", 0x0412,
            "TURKISH", 0x041F,
            "SCANDINAVIAN", 0x0406,
            "MODERN_SPANISH", 0x0C0A);

    private Collations() {
    }

    /** The 5 collation bytes for a server collation name; unknown names give SQL_Latin1_General_CP1_CI_AS. */
    static byte[] encode(String name) {
        if (name == null || name.isBlank()) {
            return SQL_LATIN1_GENERAL_CP1_CI_AS.clone();
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("SQL_")) {
            return sqlCollation(upper);
        }
        return windowsCollation(upper);
    }

    private static byte[] sqlCollation(String upper) {
        Integer sortId = switch (upper) {
            case "SQL_LATIN1_GENERAL_CP1_CI_AS" -> 52;
            case "SQL_LATIN1_GENERAL_CP1_CS_AS" -> 51;
            case "SQL_LATIN1_GENERAL_CP1_CI_AI" -> 54;
            case "SQL_LATIN1_GENERAL_CP437_CI_AS" -> 32;
            case "SQL_LATIN1_GENERAL_CP437_CS_AS" -> 31;
            default -> null;
        };
        if (sortId == null) {
            return SQL_LATIN1_GENERAL_CP1_CI_AS.clone();
        }
        boolean ci = upper.contains("_CI_");
        boolean ai = upper.endsWith("_AI");
        int flags = (ci ? 0x01 : 0) | (ai ? 0x02 : 0) | 0x04 | 0x08;
        return pack(0x0409, flags, 0, sortId);
    }

    private static byte[] windowsCollation(String upper) {
        String[] parts = upper.split("_");
        int version = 0;
        StringBuilder designator = new StringBuilder();
        int i = 0;
        for (; i < parts.length; i++) {
            String p = parts[i];
            if (p.matches("\\d+") || isFlagPart(p)) {
                break;
            }
            designator.append(designator.length() == 0 ? "" : "_").append(p);
        }
        Integer lcid = DESIGNATOR_LCIDS.get(designator.toString());
        if (lcid == null) {
            return SQL_LATIN1_GENERAL_CP1_CI_AS.clone();
        }
        if (i < parts.length && parts[i].matches("\\d+")) {
            version = switch (parts[i]) {
                case "90" -> 1;
                case "100" -> 2;
                case "140" -> 3;
                default -> 0;
            };
            i++;
        }
        boolean ignoreCase = true;
        boolean ignoreAccent = false;
        boolean ignoreKana = true;
        boolean ignoreWidth = true;
        int binary = 0;
        boolean utf8 = false;
        for (; i < parts.length; i++) {
            switch (parts[i]) {
                case "CI" -> ignoreCase = true;
                case "CS" -> ignoreCase = false;
                case "AI" -> ignoreAccent = true;
                case "AS" -> ignoreAccent = false;
                case "KS" -> ignoreKana = false;
                case "WS" -> ignoreWidth = false;
                case "BIN" -> binary = 0x10;
                case "BIN2" -> binary = 0x20;
                case "UTF8" -> utf8 = true;
                default -> { } // _SC, _VSS: no bit of their own in the TDS collation
            }
        }
        int flags = binary != 0 ? binary
                : (ignoreCase ? 0x01 : 0) | (ignoreAccent ? 0x02 : 0) | (ignoreKana ? 0x04 : 0) | (ignoreWidth ? 0x08 : 0);
        if (utf8) {
            flags |= 0x40;
        }
        return pack(lcid, flags, version, 0);
    }

    private static boolean isFlagPart(String p) {
        return switch (p) {
            case "CI", "CS", "AI", "AS", "KS", "WS", "BIN", "BIN2", "UTF8", "SC", "VSS" -> true;
            default -> false;
        };
    }

    private static byte[] pack(int lcid, int flags, int version, int sortId) {
        long word = (lcid & 0xFFFFFL) | (long) (flags & 0xFF) << 20 | (long) (version & 0xF) << 28;
        return new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24), (byte) sortId};
    }

    /** The code page VARCHAR data travels in: UTF-8 for _UTF8 collations, else windows-1252 (Latin1 collations). */
    static Charset charset(byte[] collation) {
        if ((collation[3] & 0x04) != 0) {
            return StandardCharsets.UTF_8;
        }
        int lcid = (collation[0] & 0xFF) | (collation[1] & 0xFF) << 8 | (collation[2] & 0x0F) << 16;
        int sortId = collation[4] & 0xFF;
        if (sortId == 32 || sortId == 31) {
            return Charset.forName("IBM437");
        }
        return switch (lcid) {
            case 0x0419 -> Charset.forName("windows-1251");
            case 0x041F -> Charset.forName("windows-1254");
            case 0x0411 -> Charset.forName("windows-31j");
            case 0x0804 -> Charset.forName("GBK");
            case 0x0412 -> Charset.forName("x-windows-949");
            default -> Charset.forName("windows-1252");
        };
    }
}
