package io.milink.preflight.report;

import io.milink.preflight.check.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The groups a human-readable report shows findings in, chosen by the id's prefix. */
enum Section {
    SQL("sql.", "SQL Server instance"),
    DATABASES("db.", "Databases"),
    MANAGED_INSTANCE("mi.", "Managed instance"),
    NETWORK("net.", "Network"),
    CERTIFICATES("cert.", "Certificates"),
    OTHER("", "Other");

    private final String prefix;
    private final String heading;

    Section(String prefix, String heading) {
        this.prefix = prefix;
        this.heading = heading;
    }

    String heading() {
        return heading;
    }

    static Section of(Finding finding) {
        for (Section section : values()) {
            if (!section.prefix.isEmpty() && finding.id().startsWith(section.prefix)) {
                return section;
            }
        }
        return OTHER;
    }

    /** Findings grouped by section, sections in declaration order, findings in report order. */
    static Map<Section, List<Finding>> group(List<Finding> findings) {
        Map<Section, List<Finding>> groups = new LinkedHashMap<>();
        for (Section section : values()) {
            List<Finding> members = new ArrayList<>();
            for (Finding finding : findings) {
                if (of(finding) == section) {
                    members.add(finding);
                }
            }
            if (!members.isEmpty()) {
                groups.put(section, members);
            }
        }
        return groups;
    }
}
