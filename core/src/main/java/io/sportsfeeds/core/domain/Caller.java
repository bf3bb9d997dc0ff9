package io.sportsfeeds.core.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who made a request, once authenticated.
 *
 * @param name who it is, for messages and logs, never a credential ({@code client client-001},
 *     {@code a provider key})
 * @param roles what it may do; a key listed as both a provider and an admin key has both
 */
public record Caller(String name, Set<Role> roles) {
    /** Anyone, when authentication is switched off: every role. */
    public static final Caller ANYONE = new Caller("anyone (authentication is off)", EnumSet.allOf(Role.class));

    public Caller {
        Objects.requireNonNull(name, "name");
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a caller has at least one role");
        }
        roles = Set.copyOf(roles);
    }

    public static Caller analyst(String clientId) {
        return new Caller("client " + clientId, Set.of(Role.ANALYST));
    }

    /** True when the caller has any of {@code allowed}. */
    public boolean mayActAs(Set<Role> allowed) {
        return allowed.stream().anyMatch(roles::contains);
    }
}
