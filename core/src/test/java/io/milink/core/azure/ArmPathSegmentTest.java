package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A name that becomes part of an ARM URL never steers the request, whichever caller built it. */
class ArmPathSegmentTest {

    @Test
    void azuresOwnNamesPass() {
        ManagedInstanceRef ref = ManagedInstanceRef.parse("/subscriptions/00000000-0000-0000-0000-000000000001/"
                + "resourceGroups/rg-link_(prod).eu/providers/Microsoft.Sql/managedInstances/mi-target-01");
        assertThat(ref.resourceGroup()).isEqualTo("rg-link_(prod).eu");
        assertThat(ArmPathSegment.segment("link name", "DAG_Sales [prod] 2")).isEqualTo("DAG_Sales [prod] 2");
    }

    @Test
    void aResourceIdCannotSmuggleAQueryOrAnotherPathIntoTheUrl() {
        for (String group : new String[] {"rg?api-version=1", "rg#x", "rg%2F..", "..", " rg"}) {
            assertThatThrownBy(() -> ManagedInstanceRef.parse("/subscriptions/s/resourceGroups/" + group
                    + "/providers/Microsoft.Sql/managedInstances/mi")).as(group)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be a Resource Manager name");
        }
        assertThatThrownBy(() -> new ManagedInstanceRef("s", "rg", "mi/../../other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("managed instance name");
    }

    @Test
    void aChildNameWithUrlCharactersIsRefusedBeforeAnyRequest() {
        for (String name : new String[] {"a/b", "..", "x?y", "x#y", "x%2Fy", "a\\b", "line\nbreak", " padded", ""}) {
            assertThatThrownBy(() -> ArmPathSegment.segment("link name", name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be a Resource Manager");
        }
        assertThatThrownBy(() -> ArmPathSegment.segment("link name", "x".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
