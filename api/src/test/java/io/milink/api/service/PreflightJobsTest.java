package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bound on unfinished preflights, behind the 503 + Retry-After of POST /v1/preflight. */
class PreflightJobsTest {

    @Test
    void reservationsStopAtTheBoundAndFreeUpWhenReleased() {
        PreflightJobs jobs = new PreflightJobs(null, null, 2);
        assertThat(jobs.tryReserve()).isTrue();
        assertThat(jobs.tryReserve()).isTrue();
        assertThat(jobs.tryReserve()).as("saturated").isFalse();
        assertThat(jobs.tryReserve()).as("a refusal does not use up a place").isFalse();
        jobs.release();
        assertThat(jobs.tryReserve()).isTrue();
        assertThat(jobs.tryReserve()).isFalse();
    }
}
