package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PermissionGrantTest {

    @Test
    void wildcardsMatchAnyRunOfCharactersCaseInsensitively() {
        assertThat(PermissionGrant.matches("*", "Microsoft.Sql/managedInstances/write")).isTrue();
        assertThat(PermissionGrant.matches("Microsoft.Sql/*", "microsoft.sql/managedinstances/write")).isTrue();
        assertThat(PermissionGrant.matches("Microsoft.Sql/managedInstances/*/read",
                "Microsoft.Sql/managedInstances/databases/read")).isTrue();
        assertThat(PermissionGrant.matches("Microsoft.Sql/managedInstances/*/read",
                "Microsoft.Sql/managedInstances/databases/write")).isFalse();
        assertThat(PermissionGrant.matches("Microsoft.Sql/managedInstances/read",
                "Microsoft.Sql/managedInstances/read/extra")).isFalse();
        assertThat(PermissionGrant.matches("Microsoft.Sql/*/read", "Microsoft.Sql/read")).isFalse();
        assertThat(PermissionGrant.matches("Microsoft.Sql/*/read", "Microsoft.Sql/managedInstances/read")).isTrue();
        assertThat(PermissionGrant.matches("Microsoft.Sql/servers/*", "Microsoft.Sql/managedInstances/read"))
                .isFalse();
    }

    @Test
    void aNotActionRemovesAnActionOnlyWithinItsOwnGrant() {
        PermissionGrant reader = new PermissionGrant(List.of("Microsoft.Sql/*"),
                List.of("Microsoft.Sql/managedInstances/databases/delete"));
        assertThat(reader.allows("Microsoft.Sql/managedInstances/databases/write")).isTrue();
        assertThat(reader.allows("Microsoft.Sql/managedInstances/databases/delete")).isFalse();
        PermissionGrant deleter = new PermissionGrant(List.of("Microsoft.Sql/managedInstances/databases/delete"),
                List.of());
        assertThat(PermissionGrant.anyAllows(List.of(reader, deleter),
                "Microsoft.Sql/managedInstances/databases/delete")).isTrue();
        assertThat(PermissionGrant.anyAllows(List.of(), "Microsoft.Sql/managedInstances/read")).isFalse();
    }
}
