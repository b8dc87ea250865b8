package io.milink.api.cli;

import java.nio.file.Path;
import java.util.Map;

import io.milink.api.service.ServiceConfig;
import io.milink.journal.JournalLocation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a link command journals its run: the journal {@code milink serve} uses, so the CLI and the service see each
 * other's runs and leases on a link (one run at a time per link) and the failover records a later removal needs. The
 * embedded file in the data directory, or the service's PostgreSQL journal with {@code --journal}.
 */
final class RunJournalOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the run is journaled (the journal milink "
            + "serve uses). Default: $MILINK_DATA_DIR, else ~/.milink.")
    Path dataDir;

    @Mixin
    JournalOptions journal = new JournalOptions();

    /** The data directory: the option's, else the default ({@code $MILINK_DATA_DIR}, else {@code ~/.milink}). */
    Path dataDirectory() {
        return dataDir != null ? dataDir : ServiceConfig.defaultDataDirectory();
    }

    /** @throws UserError when the journal options do not go together, saying what to give */
    JournalLocation location(Map<String, String> environment) {
        return journal.location(dataDirectory(), environment);
    }
}
