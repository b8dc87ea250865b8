package io.milink.linkmanager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.milink.core.azure.LinkRequests;

/**
 * Runs a {@link LinkScript} as a DBA would: T-SQL batches up to each {@code GO} through the JDBC connection (with
 * sqlcmd's {@code $(Variable)} substitution), the value a {@code SELECT} prints copied into the next command that
 * asks for "the value read above", and the {@code az} commands through the product's ARM client with the
 * arguments the command line gives (so a missing or wrong argument in the script fails here). Test-only.
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

    private void az(String line) throws Exception {
        List<String> words = shellWords(line);
        Map<String, String> options = new HashMap<>();
        for (int i = 4; i < words.size(); i++) {
            if (words.get(i).startsWith("--") && i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                options.put(words.get(i), words.get(++i));
            }
        }
        String verb = words.get(3) + " " + words.get(4);
        if (words.get(3).equals("partner-cert") && words.get(4).equals("create")) {
            session.arm().trustCertificates().put(require(options, "--name"), require(options, "--public-key"));
        } else if (words.get(3).equals("link") && words.get(4).equals("create")) {
            String databases = require(options, "--databases");
            String database = databases.substring(databases.indexOf(':') + 1, databases.lastIndexOf('}'));
            session.arm().links().create(require(options, "--name"), new LinkRequests.LinkCreation(
                    require(options, "--instance-availability-group-name"),
                    require(options, "--partner-availability-group-name"), require(options, "--partner-endpoint"),
                    List.of(database), LinkRequests.LinkRole.SECONDARY,
                    "Manual".equals(require(options, "--failover-mode")) ? LinkRequests.FailoverMode.MANUAL
                            : LinkRequests.FailoverMode.NONE, null));
        } else {
            throw new IllegalArgumentException("the script runner does not know: " + verb);
        }
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the script's command has no " + name);
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
