package io.milink.preflight.report;

/** Turns a report into one of its formats. Renderers are pure: the same report gives the same text. */
public interface ReportRenderer {

    String render(Report report);

    /** The renderer for a format; text is rendered without colour. */
    static ReportRenderer forFormat(ReportFormat format) {
        return switch (format) {
            case TEXT -> new TextRenderer(false);
            case JSON -> ReportJson::write;
            case MD -> new MarkdownRenderer();
            case HTML -> new HtmlRenderer();
            case CSV -> new CsvRenderer();
            case JUNIT -> new JunitXmlRenderer();
        };
    }
}
