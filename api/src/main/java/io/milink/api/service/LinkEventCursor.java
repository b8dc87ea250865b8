package io.milink.api.service;

import io.milink.journal.LinkFeed.AlertCursor;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a {@code GET /v1/events} reader stands in the journal, as its events' {@code id:} carry it and
 * {@code Last-Event-ID} brings it back: the last operation event sent and the last alert sent (its time in microseconds
 * and its id, the order the journal reads alerts in), written {@code <operationEvent>.<micros>.<alertId>}. Status
 * events carry the cursor as it stands, since a status is state, not history: a resumed stream sends every link's
 * current status again.
 */
record LinkEventCursor(long operationEvent, AlertCursor alert) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,18})\\.(\\d{1,19})\\.([0-9A-Za-z-]{0,64})");

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, alert.observedAt());
        return operationEvent + "." + micros + "." + alert.id();
    }

    LinkEventCursor withOperationEvent(long id) {
        return new LinkEventCursor(id, alert);
    }

    LinkEventCursor withAlert(AlertCursor cursor) {
        return new LinkEventCursor(operationEvent, cursor);
    }

    /** The cursor a Last-Event-ID names; empty when it is not one of this stream's ids. */
    static Optional<LinkEventCursor> parse(String lastEventId) {
        if (lastEventId == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(lastEventId.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Instant at = Instant.EPOCH.plus(Long.parseLong(m.group(2)), ChronoUnit.MICROS);
            return Optional.of(new LinkEventCursor(Long.parseLong(m.group(1)), new AlertCursor(at, m.group(3))));
        } catch (ArithmeticException | java.time.DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
