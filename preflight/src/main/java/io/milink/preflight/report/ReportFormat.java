package io.milink.preflight.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats a report renders to, with what an HTTP response or a saved file needs to know about each. */
public enum ReportFormat {
    TEXT("text", "text/plain; charset=utf-8", "txt"),
    JSON("json", "application/json", "json"),
    MD("md", "text/markdown; charset=utf-8", "md"),
    HTML("html", "text/html; charset=utf-8", "html"),
    CSV("csv", "text/csv; charset=utf-8", "csv"),
    JUNIT("junit", "application/xml", "xml");

    private final String id;
    private final String contentType;
    private final String extension;

    ReportFormat(String id, String contentType, String extension) {
        this.id = id;
        this.contentType = contentType;
        this.extension = extension;
    }

    public String id() {
        return id;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /**
     * @throws IllegalArgumentException listing the formats when {@code text} names none of them
     */
    public static ReportFormat parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (ReportFormat format : values()) {
            if (format.id.equals(wanted) || (format == MD && wanted.equals("markdown"))) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + text + "'; use one of "
                + Arrays.stream(values()).map(ReportFormat::id).collect(Collectors.joining(", ")));
    }
}
