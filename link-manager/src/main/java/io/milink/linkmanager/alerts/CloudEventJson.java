package io.milink.linkmanager.alerts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event as a CloudEvent 1.0 in structured mode ({@code application/cloudevents+json}; CloudEvents spec, "JSON
 * Event Format"): {@code specversion}, {@code id} (the event's, stable, so a receiver dedupes), {@code source} (the
 * SQL Server and instance pair), {@code type} ({@code io.milink.} and the event's type), {@code time},
 * {@code subject}, {@code datacontenttype} and {@code data} (docs/monitoring.md, "Webhooks").
 */
public final class CloudEventJson {

    public static final String CONTENT_TYPE = "application/cloudevents+json";
    /** Reverse-DNS prefix of every type, as the CloudEvents spec recommends for {@code type}. */
    public static final String TYPE_PREFIX = "io.milink.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudEventJson() {
    }

    public static ObjectNode toJson(LinkEvent e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("specversion", "1.0");
        root.put("id", e.id());
        root.put("source", source(e.sqlServer(), e.managedInstance()));
        root.put("type", TYPE_PREFIX + e.type());
        root.put("time", e.observedAt().toString());
        root.put("subject", e.subject());
        root.put("datacontenttype", "application/json");
        ObjectNode data = root.putObject("data");
        data.put("severity", e.severity().label());
        data.put("resolved", e.resolved());
        data.put("message", e.message());
        data.put("sqlServer", e.sqlServer());
        data.put("managedInstance", e.managedInstance());
        data.put("distributedAvailabilityGroup", e.link());
        data.put("database", e.database());
        data.put("raisedAt", e.raisedAt().toString());
        data.put("dedupeKey", e.dedupeKey());
        data.set("facts", JSON.valueToTree(e.facts()));
        return root;
    }

    /** The body as sent: compact UTF-8 JSON. */
    public static byte[] body(LinkEvent e) {
        try {
            return JSON.writeValueAsBytes(toJson(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A URI reference naming the pair the monitor watches: {@code /sqlServers/<name>/managedInstances/<name>}. */
    static String source(String sqlServer, String managedInstance) {
        return "/sqlServers/" + segment(sqlServer) + "/managedInstances/" + segment(managedInstance);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s == null ? "unknown" : s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
