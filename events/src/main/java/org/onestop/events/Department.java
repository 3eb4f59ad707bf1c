package org.onestop.events;

import java.util.Arrays;
import java.util.Optional;

/** A partner department that pushes identities, and which identity types it owns. */
public enum Department {
    CIVIL_AFFAIRS("民政"),
    RURAL_REVITALIZATION("乡村振兴"),
    VETERANS_AFFAIRS("退役军人事务");

    private final String chineseName;

    Department(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    /** True when this department is the one that determines {@code type}; only the owner may push it. */
    public boolean mayPush(IdentityType type) {
        return type != null && type.owner() == this;
    }

    /** Parses the enum name or the Chinese name ({@code 民政}); empty when neither matches. */
    public static Optional<Department> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        return Arrays.stream(values())
                .filter(d -> d.name().equalsIgnoreCase(t) || d.chineseName.equals(t))
                .findFirst();
    }
}
