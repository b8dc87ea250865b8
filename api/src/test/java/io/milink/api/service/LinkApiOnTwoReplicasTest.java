package io.milink.api.service;

import io.milink.journal.EmbeddedPostgres;
import io.milink.journal.JournalLocation;

import java.nio.file.Path;

/**
 * The same link lifecycle as {@link LinkApiTest} (create with a retried Idempotency-Key, status, plan and script, the
 * roles' refusals, a planned failover refused on a stale If-Match and run on a current one, the removal), with the
 * journal in PostgreSQL and two replicas on it: each request goes to the next replica in turn, so an operation accepted
 * by one is run by whichever picks it and read back through the other.
 */
class LinkApiOnTwoReplicasTest extends LinkApiTest {

    @Override
    JournalLocation journal(Path data) {
        return EmbeddedPostgres.freshJournal();
    }

    @Override
    int replicaCount() {
        return 2;
    }
}
