package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.milink.core.azure.DistributedAvailabilityGroup;

/** When awaitSeeding stops waiting: only once ARM reports a state past seeding. */
class SeedingStateTest {

    private static DistributedAvailabilityGroup.LinkDatabase reported(String replicaState) {
        return new DistributedAvailabilityGroup.LinkDatabase("Sales", null, null, replicaState, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aMissingOrEmptyReplicaStateIsStillInProgressNotFinished() {
        assertThat(LinkEngine.stillSeeding(reported(null))).isTrue();
        assertThat(LinkEngine.stillSeeding(reported(""))).isTrue();
        assertThat(LinkEngine.stillSeeding(reported("  "))).isTrue();
    }

    @Test
    void creatingAndSeedingAreInProgressAndLaterStatesAreNot() {
        assertThat(LinkEngine.stillSeeding(reported("CreatingLink"))).isTrue();
        assertThat(LinkEngine.stillSeeding(reported("Seeding"))).isTrue();
        assertThat(LinkEngine.stillSeeding(reported("Catchup"))).isFalse();
        assertThat(LinkEngine.stillSeeding(reported("LinkSynchronizing"))).isFalse();
    }
}
