package io.milink.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.core.azure.ManagedInstanceRef;

import org.junit.jupiter.api.Test;

class PreflightCommandTest {

    private static final ManagedInstanceRef FROM_SPEC = new ManagedInstanceRef(
            "00000000-0000-0000-0000-000000000001", "rg-link", "mi-target-01");

    @Test
    void theSpecAloneSelectsTheInstanceAndMiOverridesIt() {
        assertThat(PreflightCommand.chosenResource(null, FROM_SPEC)).isEqualTo(FROM_SPEC);
        assertThat(PreflightCommand.chosenResource("/subscriptions/s2/resourceGroups/rg2/providers/Microsoft.Sql/"
                + "managedInstances/other", FROM_SPEC)).isEqualTo(new ManagedInstanceRef("s2", "rg2", "other"));
        assertThat(PreflightCommand.chosenResource(null, null)).isNull();
    }
}
