package io.milink.api.service.auth;

import java.util.Locale;

/** What a token may do: {@code reader} reads, {@code operator} also starts and cancels work. */
public enum Role {
    READER,
    OPERATOR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean allows(Role required) {
        return this == OPERATOR || required == READER;
    }

    /** @throws IllegalArgumentException naming the roles, for a value that is neither */
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.id().equalsIgnoreCase(value.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "'; use operator or reader");
    }
}
