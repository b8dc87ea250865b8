package io.milink.linkmanager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.milink.core.azure.LinkRequests;

/**
 * Runs a {@link LinkScript} as a DBA would: T-SQL batches up to each {@code GO} through the JDBC connection (with
 * sqlcmd's {@code $(Variable)} substitution), the value a {@code SELECT} prints copied into the next command that
 * asks for "the value read above", and the {@code az} commands through the product's ARM client with the
 * arguments the command line gives. An option the Azure CLI does not have, a missing one, or a command the runner
 * does not know fails the run, so a wrong flag in the script fails here instead of being ignored. Test-only.
 */
final class ScriptRunner {

    private final LinkSession session;
    private final Map<String, String> sqlcmdVariables;
    private String lastValue;

    ScriptRunner(LinkSession session, Map<String, String> sqlcmdVariables) {
        this.session = session;
        this.sqlcmdVariables = sqlcmdVariables;
    }

    void run(String script) throws Exception {
        StringBuilder batch = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.trim().equals("GO")) {
                sql(batch.toString());
                batch.setLength(0);
            } else if (line.startsWith("az ")) {
                az(line.replace("0x<the value read above>", "0x" + lastValue));
            } else if (!line.startsWith("#")) {
                batch.append(line).append('\n');
            }
        }
        if (!batch.toString().replaceAll("(?m)^--.*$", "").isBlank()) {
            sql(batch.toString());
        }
    }

    private void sql(String text) throws SQLException {
        for (Map.Entry<String, String> v : sqlcmdVariables.entrySet()) {
            text = text.replace("$(" + v.getKey() + ")", v.getValue());
        }
        if (text.replaceAll("(?m)^--.*$", "").isBlank()) {
            return;
        }
        try (Statement s = session.sql().createStatement()) {
            boolean result = s.execute(text);
            while (true) {
                if (result) {
                    try (ResultSet rs = s.getResultSet()) {
                        if (rs.next() && rs.getObject(1) instanceof byte[] bytes) {
                            lastValue = HexFormat.of().formatHex(bytes);
                        }
                    }
                } else if (s.getUpdateCount() == -1) {
                    break;
                }
                result = s.getMoreResults();
            }
        }
    }

    /**
     * The options of each {@code az sql mi} command the scripts use, as the Azure CLI reference lists them, each
     * alias mapped to one name ({@link #FLAGS} take no value). An option not listed here fails the run: a misspelt or
     * invented option must not pass because the runner ignored it.
     */
    private static final Map<String, Map<String, String>> AZ_OPTIONS = Map.of(
            "partner-cert create", options(
                    "name", "--name", "--certificate-name", "-n",
                    "instance", "--instance-name", "--mi", "--managed-instance", "--managed-instance-name",
                    "resourceGroup", "--resource-group", "-g",
                    "publicBlob", "--public-blob",
                    "noWait", "--no-wait"),
            "link create", options(
                    "name", "--name", "--link", "-n", "--distributed-availability-group-name",
                    "instance", "--instance-name", "--mi", "--managed-instance", "--managed-instance-name",
                    "resourceGroup", "--resource-group", "-g",
                    "partnerAg", "--partner-availability-group-name", "--partner-ag-name",
                    "instanceAg", "--instance-availability-group-name", "--instance-ag-name",
                    "partnerEndpoint", "--partner-endpoint",
                    "databases", "--databases",
                    "failoverMode", "--failover-mode",
                    "instanceLinkRole", "--instance-link-role",
                    "seedingMode", "--seeding-mode",
                    "noWait", "--no-wait"),
            "link delete", options(
                    "name", "--name", "--link", "-n", "--distributed-availability-group-name",
                    "instance", "--instance-name", "--mi", "--managed-instance", "--managed-instance-name",
                    "resourceGroup", "--resource-group", "-g",
                    "yes", "--yes", "-y",
                    "noWait", "--no-wait"),
                        "link update", options(
                    "name", "--name", "--link", "-n", "--distributed-availability-group-name",
                    "instance", "--instance-name", "--mi", "--managed-instance", "--managed-instance-name",
                    "resourceGroup", "--resource-group", "-g",
                    "replicationMode", "--replication-mode",
                    "noWait", "--no-wait"));

    private static final Set<String> FLAGS = Set.of("noWait", "yes");

    /** Pairs of (name, its aliases…): a word not starting with '-' starts the next name. */
    private static Map<String, String> options(String... namesAndAliases) {
        Map<String, String> byAlias = new HashMap<>();
        String name = null;
        for (String word : namesAndAliases) {
            if (word.startsWith("-")) {
                byAlias.put(word, name);
            } else {
                name = word;
            }
        }
        return byAlias;
    }

    private void az(String line) throws Exception {
        List<String> words = shellWords(line);
        if (words.size() < 5 || !words.get(1).equals("sql") || !words.get(2).equals("mi")) {
            throw new IllegalArgumentException("the script runner does not know: " + line);
        }
        String verb = words.get(3) + " " + words.get(4);
        Map<String, String> known = AZ_OPTIONS.get(verb);
        if (known == null) {
            throw new IllegalArgumentException("the script runner does not know: az sql mi " + verb);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 5; i < words.size(); i++) {
            String word = words.get(i);
            String name = known.get(word);
            if (name == null) {
                throw new IllegalArgumentException("az sql mi " + verb + " has no option " + word
                        + " (the Azure CLI would refuse the command)");
            }
            String value;
            if (FLAGS.contains(name)) {
                value = "true";
            } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
                value = words.get(++i);
            } else {
                throw new IllegalArgumentException("az sql mi " + verb + ": " + word + " needs a value");
            }
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException("az sql mi " + verb + ": " + word + " given twice");
            }
        }
        // Required by the CLI for every command here, and they must name the instance the session works on.
        if (!require(options, "resourceGroup", verb).equals(session.arm().ref().resourceGroup())
                || !require(options, "instance", verb).equals(session.arm().ref().name())) {
            throw new IllegalArgumentException("az sql mi " + verb + " names another instance: " + line);
        }
        switch (verb) {
            case "partner-cert create" -> session.arm().trustCertificates().put(require(options, "name", verb),
                    require(options, "publicBlob", verb));
            case "link create" -> {
                String databases = require(options, "databases", verb);
                String database = databases.substring(databases.indexOf(':') + 1, databases.lastIndexOf('}'));
                // The CLI's create sends no replication mode: the service's default (Async) until 'link update'.
                session.arm().links().create(require(options, "name", verb), new LinkRequests.LinkCreation(
                        require(options, "instanceAg", verb), require(options, "partnerAg", verb),
                        require(options, "partnerEndpoint", verb), List.of(database), LinkRequests.LinkRole.SECONDARY,
                        "Manual".equals(require(options, "failoverMode", verb)) ? LinkRequests.FailoverMode.MANUAL
                                : LinkRequests.FailoverMode.NONE, null));
            }
            case "link delete" -> session.arm().links().delete(require(options, "name", verb));
                        case "link update" -> {
                String mode = require(options, "replicationMode", verb);
                LinkRequests.ReplicationMode replication = switch (mode) {
                    case "Sync" -> LinkRequests.ReplicationMode.SYNC;
                    case "Async" -> LinkRequests.ReplicationMode.ASYNC;
                    default -> throw new IllegalArgumentException("--replication-mode: Sync or Async, not " + mode);
                };
                session.arm().links().changeReplicationMode(require(options, "name", verb), replication);
            }
            default -> throw new IllegalArgumentException("the script runner does not know: az sql mi " + verb);
        }
    }

    private static String require(Map<String, String> options, String name, String verb) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the script's az sql mi " + verb + " has no " + name);
        }
        return value;
    }

    /** Splits a command line as bash does for words, single and double quotes (what ShellQuote.bash writes). */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
