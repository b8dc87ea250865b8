package io.milink.linkmanager.fleet;

import java.util.Objects;

import io.milink.linkmanager.LinkStatus;

/** What one poll learnt of one link: its status, or why it could not be read, in words. */
public sealed interface LinkReading {

    /** Both sides answered; the link's status as {@code milink link status} reports it. */
    record Read(LinkStatus status) implements LinkReading {
        public Read {
            Objects.requireNonNull(status, "status");
        }
    }

    /** Its SQL Server or its instance (or both) did not answer this poll; {@code why} says which and what they said. */
    record Unreadable(String why) implements LinkReading {
        public Unreadable {
            Objects.requireNonNull(why, "why");
        }
    }
}
