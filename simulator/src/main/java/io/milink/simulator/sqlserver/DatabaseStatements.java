package io.milink.simulator.sqlserver;

import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.StatementKind;
import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.state.InstanceState;
import io.milink.simulator.sqlserver.tsql.Token;

/** ALTER DATABASE … SET … and BACKUP DATABASE / BACKUP LOG. */
final class DatabaseStatements {

    private final InstanceSession session;

    DatabaseStatements(InstanceSession session) {
        this.session = session;
    }

    /** A failure SQL Server reports as two errors: the cause, then "… terminating abnormally" / "statement failed". */
    private TsqlException twoErrors(ServerMessage first, int secondNumber, Object... secondArgs) {
        session.sink.message(new ServerMessage(first.number(), first.state(), first.severity(), first.text(), "",
                session.line));
        return TsqlException.statement(secondNumber, secondArgs);
    }

    /** ALTER DATABASE actions other than SET (Microsoft Learn, ALTER DATABASE File and Filegroup options, COLLATE). */
    private static final Set<String> OTHER_ACTIONS = Set.of("MODIFY", "ADD", "REMOVE", "COLLATE");

    /** Statements that start ALTER DATABASE but alter something else, with their second word. */
    private static final java.util.Map<String, String> OTHER_STATEMENTS = java.util.Map.of("SCOPED", "CONFIGURATION",
            "AUDIT", "SPECIFICATION", "ENCRYPTION", "KEY");

    /** The options of ALTER DATABASE … SET (Microsoft Learn, ALTER DATABASE SET options); others are 102. */
    private static final Set<String> SET_OPTIONS = Set.of("ACCELERATED_DATABASE_RECOVERY",
            "ALLOW_SNAPSHOT_ISOLATION", "ANSI_NULL_DEFAULT", "ANSI_NULLS", "ANSI_PADDING", "ANSI_WARNINGS",
            "ARITHABORT", "AUTO_CLOSE", "AUTO_CREATE_STATISTICS", "AUTO_SHRINK", "AUTO_UPDATE_STATISTICS",
            "AUTO_UPDATE_STATISTICS_ASYNC", "AUTOMATIC_TUNING", "CHANGE_TRACKING", "COMPATIBILITY_LEVEL",
            "CONCAT_NULL_YIELDS_NULL", "CONTAINMENT", "CURSOR_CLOSE_ON_COMMIT", "CURSOR_DEFAULT", "DATA_RETENTION",
            "DATE_CORRELATION_OPTIMIZATION", "DB_CHAINING", "DEFAULT_FULLTEXT_LANGUAGE", "DEFAULT_LANGUAGE",
            "DELAYED_DURABILITY", "DISABLE_BROKER", "EMERGENCY", "ENABLE_BROKER", "ENCRYPTION",
            "ERROR_BROKER_CONVERSATIONS", "FILESTREAM", "HADR", "HONOR_BROKER_PRIORITY", "MIXED_PAGE_ALLOCATION",
            "MULTI_USER", "NESTED_TRIGGERS", "NEW_BROKER", "NUMERIC_ROUNDABORT", "OFFLINE", "ONLINE",
            "OPTIMIZED_LOCKING", "PAGE_VERIFY", "PARAMETERIZATION", "PARTNER", "QUERY_STORE", "QUOTED_IDENTIFIER",
            "READ_COMMITTED_SNAPSHOT", "READ_ONLY", "READ_WRITE", "RECOVERY", "RECURSIVE_TRIGGERS",
            "REMOTE_DATA_ARCHIVE", "RESTRICTED_USER", "SINGLE_USER", "SUPPLEMENTAL_LOGGING",
            "SUSPEND_FOR_SNAPSHOT_BACKUP", "TARGET_RECOVERY_TIME", "TORN_PAGE_DETECTION", "TRANSFORM_NOISE_WORDS",
            "TRUSTWORTHY", "TWO_DIGIT_YEAR_CUTOFF", "WITNESS");

    /** ALTER DATABASE { name | CURRENT } SET { RECOVERY … | ENABLE_BROKER | … } [WITH NO_WAIT | ROLLBACK …] */
    void alterDatabase(int from, int to) {
        Token nameToken = session.token(from);
        if (!nameToken.isIdentifier()) {
            throw TsqlException.syntaxNear(nameToken.text());
        }
        String name = nameToken.isWord("CURRENT") ? session.database : nameToken.value();
        Token set = session.token(from + 1);
        if (nameToken.type() == Token.Type.WORD && OTHER_STATEMENTS.containsKey(nameToken.upper())
                && set.isWord(OTHER_STATEMENTS.get(nameToken.upper()))) {
            // ALTER DATABASE SCOPED CONFIGURATION / AUDIT SPECIFICATION / ENCRYPTION KEY: other statements.
            throw TsqlException.notSupported("ALTER DATABASE " + nameToken.upper() + " " + set.upper());
        }
        if (!set.isWord("SET")) {
            if (set.type() == Token.Type.WORD && OTHER_ACTIONS.contains(set.upper())) {
                throw TsqlException.notSupported("ALTER DATABASE ... " + set.upper());
            }
            throw TsqlException.syntaxNear(set.text());
        }
        Token option = session.token(from + 2);
        if (option.type() != Token.Type.WORD || !SET_OPTIONS.contains(option.upper())) {
            throw TsqlException.syntaxNear(option.text());
        }
        InstanceState.DatabaseState d = session.state.database(name);
        if (session.trancount > 0) {
            throw TsqlException.statement(226, "ALTER DATABASE");
        }
        if (d == null || !session.sysadmin) {
            throw twoErrors(ErrorCatalog.message(5011, name), 5069);
        }
        switch (option.upper()) {
            case "RECOVERY" -> {
                Token model = session.token(from + 3);
                Scenario.RecoveryModel m;
                try {
                    m = Scenario.RecoveryModel.valueOf(model.upper());
                } catch (IllegalArgumentException e) {
                    throw TsqlException.syntaxNear(model.text());
                }
                if (d.id == 2) {
                    throw twoErrors(ErrorCatalog.message(5058, "RECOVERY", "tempdb"), 5069);
                }
                if (m == Scenario.RecoveryModel.SIMPLE && d.recoveryModel != Scenario.RecoveryModel.SIMPLE) {
                    // Switching to SIMPLE breaks the log backup chain; FULL needs a new full backup to restart it.
                    d.chainResetAt = session.instance.now();
                }
                d.recoveryModel = m;
            }
            case "ENABLE_BROKER", "NEW_BROKER" -> d.brokerEnabled = true;
            case "DISABLE_BROKER" -> d.brokerEnabled = false;
            case "ACCELERATED_DATABASE_RECOVERY" -> {
                if (session.server().majorVersion() < 15) {
                    throw TsqlException.syntaxNear(option.text());
                }
                Token value = session.token(from + 4);
                if (!session.token(from + 3).isSymbol("=") || !(value.isWord("ON") || value.isWord("OFF"))) {
                    throw TsqlException.syntaxNear(session.token(from + 3).text());
                }
                d.acceleratedDatabaseRecovery = value.isWord("ON");
            }
            default -> throw TsqlException.notSupported("ALTER DATABASE ... SET " + option.upper());
        }
        session.state.changed();
        session.done(StatementKind.OTHER);
    }

    /**
     * BACKUP { DATABASE | LOG } name TO { DISK | URL } = '…' [, …] [WITH option, …]. Adds a msdb.dbo.backupset row
     * and reports the pages processed with messages 4035 and 3014, as SQL Server does. No file is written.
     */
    void backup(int from, int to) {
        Token what = session.token(from);
        boolean log = what.isWord("LOG");
        if (!log && !what.isWord("DATABASE")) {
            throw TsqlException.notSupported("BACKUP " + what.text().toUpperCase(Locale.ROOT));
        }
        String statement = log ? "BACKUP LOG" : "BACKUP DATABASE";
        Token nameToken = session.token(from + 1);
        if (!nameToken.isIdentifier()) {
            throw TsqlException.syntaxNear(nameToken.text());
        }
        int i = from + 2;
        if (!session.token(i).isWord("TO")) {
            throw TsqlException.syntaxNear(session.token(i).text());
        }
        i++;
        String device = null;
        while (i < to && !session.token(i).isWord("WITH")) {
            Token kind = session.token(i);
            if (!(kind.isWord("DISK") || kind.isWord("URL") || kind.isWord("TAPE")) || !session.token(i + 1).isSymbol("=")) {
                throw TsqlException.syntaxNear(kind.text());
            }
            Object path = session.evaluate(i + 2, i + 3);
            if (device == null) {
                device = path == null ? "" : path.toString();
            }
            i += 3;
            if (session.token(i).isSymbol(",")) {
                i++;
            }
        }
        Set<String> options = new HashSet<>();
        if (session.token(i).isWord("WITH")) {
            i++;
            while (i < to) {
                Token o = session.token(i);
                if (!o.isIdentifier()) {
                    throw TsqlException.syntaxNear(o.text());
                }
                String up = o.value().toUpperCase(Locale.ROOT);
                options.add(up);
                i++;
                if (session.token(i).isSymbol("=")) {
                    if (session.token(i + 1).isSymbol("(")) {
                        throw TsqlException.notSupported(statement + " WITH " + up + " = (...)");
                    }
                    if (up.equals("STATS")) {
                        Object v = session.evaluate(i + 1, i + 2);
                        if (!(v instanceof Number)) {
                            throw TsqlException.syntaxNear(session.token(i + 1).text());
                        }
                        options.add("STATS=" + v);
                    }
                    i += 2;
                }
                if (session.token(i).isSymbol(",")) {
                    i++;
                }
            }
        }
        InstanceState.DatabaseState d = session.state.database(nameToken.value());
        if (d == null) {
            throw twoErrors(ErrorCatalog.message(911, nameToken.value()), 3013, statement);
        }
        if (!session.sysadmin) {
            throw twoErrors(ErrorCatalog.message(262, statement, d.name), 3013, statement);
        }
        if (session.trancount > 0) {
            throw twoErrors(ErrorCatalog.message(3021), 3013, statement);
        }
        if (d.id == 2) {
            throw twoErrors(ErrorCatalog.message(3147), 3013, statement);
        }
        if (d.state != Scenario.DatabaseState.ONLINE) {
            throw twoErrors(ErrorCatalog.message(942, d.name), 3013, statement);
        }
        InstanceState st = session.state;
        boolean hasChain = st.backups.stream().anyMatch(b -> b.databaseName().equalsIgnoreCase(d.name)
                && b.type().equals("D") && !b.copyOnly() && b.finish().isAfter(d.chainResetAt));
        if (log) {
            if (d.recoveryModel == Scenario.RecoveryModel.SIMPLE) {
                throw twoErrors(ErrorCatalog.message(4208), 3013, statement);
            }
            if (!hasChain) {
                throw twoErrors(ErrorCatalog.message(4214), 3013, statement);
            }
        }
        boolean init = options.contains("INIT") || options.contains("FORMAT");
        String fileKey = device == null ? "" : device.toLowerCase(Locale.ROOT);
        int fileNumber = init ? 1 : st.backupFiles.getOrDefault(fileKey, 0) + 1;
        st.backupFiles.put(fileKey, fileNumber);
        long dataPages = log ? 0 : Math.max(8, d.sizeMb * 128L / 4);
        long logPages = log ? Math.max(1, (long) (d.logSizeMb * 128 * d.logUsedPercent / 100)) : 2;
        String stats = options.stream().filter(o -> o.startsWith("STATS=")).findFirst().orElse(options.contains("STATS") ? "STATS=10" : null);
        if (stats != null) {
            int step = Math.max(1, Integer.parseInt(stats.substring(6)));
            for (int p = step; p <= 100; p += step) {
                session.info(3211, p);
            }
        }
        String dataFile = d.id == 1 ? "master" : d.id == 3 ? "modeldev" : d.id == 4 ? "MSDBData" : d.name;
        String logFile = d.id == 1 ? "mastlog" : d.id == 3 ? "modellog" : d.id == 4 ? "MSDBLog" : d.name + "_log";
        if (!log) {
            session.info(4035, dataPages, d.name, dataFile, fileNumber);
        }
        session.info(4035, logPages, d.name, logFile, fileNumber);
        long pages = dataPages + logPages;
        double seconds = 0.05 + pages / 40000.0;
        double mbPerSecond = pages * 8 / 1024.0 / seconds;
        session.info(3014, statement, pages, String.format(Locale.ROOT, "%.3f", seconds),
                String.format(Locale.ROOT, "%.3f", mbPerSecond));
        Instant finish = session.instance.now();
        long first = st.nextLsn();
        long full = st.backups.stream().filter(b -> b.databaseName().equalsIgnoreCase(d.name) && b.type().equals("D"))
                .mapToLong(InstanceState.BackupRecord::firstLsn).max().orElse(0);
        String type = log ? "L" : options.contains("DIFFERENTIAL") ? "I" : "D";
        st.backups.add(new InstanceState.BackupRecord(st.nextBackupSetId(), d.name, type,
                finish.minusMillis((long) (seconds * 1000)), finish, options.contains("COPY_ONLY"),
                options.contains("CHECKSUM"), options.contains("COMPRESSION"), pages, first, first + 1000, full,
                d.recoveryModel.name(), device));
        st.changed();
        session.done(StatementKind.OTHER);
    }
}
