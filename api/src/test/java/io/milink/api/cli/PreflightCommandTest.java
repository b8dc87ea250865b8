package io.milink.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.LinkNames;
import io.milink.core.sql.ConnectFailure;
import io.milink.preflight.facts.ConnectionOutcome;
import io.milink.preflight.facts.Facts;

import java.time.Instant;
import java.util.List;

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

    @Test
    void theSpecsChosenNamesReachTheFactsOnlyWhenItChoseAny() {
        Facts facts = new Facts(Facts.SCHEMA_VERSION, Instant.EPOCH, "sql01", List.of("Sales"),
                ConnectionOutcome.failed(ConnectFailure.REFUSED, null, "no route"), null);
        assertThat(PreflightCommand.withChosenNames(facts, LinkNames.defaults()).requestedNames()).isNull();
        assertThat(PreflightCommand.withChosenNames(facts, new LinkNames("AG_Sales", null, 5023, null))
                .requestedNames()).isEqualTo(new Facts.RequestedNames("AG_Sales", null));
    }
    @Test
    void availabilityGroupFlagIsATemplateAndOneNameServesOneDatabaseOnly() {
        Facts two = new Facts(Facts.SCHEMA_VERSION, Instant.EPOCH, "sql01", List.of("Sales", "Inventory"),
                ConnectionOutcome.failed(ConnectFailure.REFUSED, null, "no route"), null);
        assertThat(PreflightCommand.withAvailabilityGroupFlag(two, "AG_{database}").requestedNames()
                .availabilityGroupFor("Inventory")).isEqualTo("AG_Inventory");
        assertThatThrownBy(() -> PreflightCommand.withAvailabilityGroupFlag(two, "AG_Sales"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("--availability-group AG_Sales: 'AG_Sales' is one name, but 2 databases are "
                        + "to be linked and each link needs its own");
        assertThatThrownBy(() -> PreflightCommand.withAvailabilityGroupFlag(two, "AG_{db}"))
                .isInstanceOf(UserError.class).hasMessageContaining("{db} is not a placeholder");
        Facts one = new Facts(Facts.SCHEMA_VERSION, Instant.EPOCH, "sql01", List.of("Sales"),
                ConnectionOutcome.failed(ConnectFailure.REFUSED, null, "no route"), null);
        assertThat(PreflightCommand.withAvailabilityGroupFlag(one, "AG_Sales").requestedNames())
                .isEqualTo(new Facts.RequestedNames("AG_Sales", null));
    }
}
