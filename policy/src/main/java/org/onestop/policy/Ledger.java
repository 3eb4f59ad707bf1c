package org.onestop.policy;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A person's accumulators: what each layer has paid and what each threshold has counted, per scope.
 * Immutable; {@link RegionPolicy#settle} returns the updated copy.
 *
 * <p>Keys are {@code scope/name}: the scope is the natural year of the discharge ({@code 2023}), a
 * grant ({@code grant:<id>}) whose window has its own threshold and cap, or {@code lifetime} for
 * one-time benefits. Names are the engine's ({@code assistance.paid}, {@code burden.INPATIENT}, …);
 * callers store and return the map as it is and read it for display, never compute with it.
 */
public final class Ledger {

    public static final Ledger EMPTY = new Ledger(Map.of());

    private final Map<String, Money> amounts;

    private Ledger(Map<String, Money> amounts) {
        this.amounts = amounts;
    }

    public static Ledger of(Map<String, Money> amounts) {
        var copy = new HashMap<String, Money>();
        amounts.forEach((k, v) -> {
            if (!v.isZero()) {
                copy.put(k, v);
            }
        });
        return copy.isEmpty() ? EMPTY : new Ledger(Collections.unmodifiableMap(copy));
    }

    public Money get(String key) {
        return amounts.getOrDefault(key, Money.ZERO);
    }

    public Money get(String scope, String name) {
        return get(key(scope, name));
    }

    /** Full keys of the bounded scopes (years, lifetime) are built once; grant scopes are concatenated. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.ConcurrentHashMap<String, String>> KEYS =
            new java.util.concurrent.ConcurrentHashMap<>();

    static String key(String scope, String name) {
        if (scope.startsWith("grant:")) {
            return scope + "/" + name;
        }
        return KEYS.computeIfAbsent(scope, s -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(name, n -> scope + "/" + n);
    }

    /** Every accumulator, sorted by key (for storage and display). */
    public Map<String, Money> asMap() {
        return Collections.unmodifiableMap(new TreeMap<>(amounts));
    }

    /** Accumulators of one scope (e.g. {@code "2023"}), keyed by name. */
    public Map<String, Money> scope(String scope) {
        var result = new TreeMap<String, Money>();
        String prefix = scope + "/";
        amounts.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.put(k.substring(prefix.length()), v);
            }
        });
        return result;
    }

    Builder toBuilder() {
        return new Builder(new HashMap<>(amounts));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ledger l && l.amounts.equals(amounts);
    }

    @Override
    public int hashCode() {
        return amounts.hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    static final class Builder {
        private final HashMap<String, Money> amounts;

        private Builder(HashMap<String, Money> amounts) {
            this.amounts = amounts;
        }

        Money get(String scope, String name) {
            return amounts.getOrDefault(key(scope, name), Money.ZERO);
        }

        void add(String scope, String name, Money amount) {
            if (!amount.isZero()) {
                amounts.merge(key(scope, name), amount, Money::plus);
            }
        }

        Ledger build() {
            amounts.values().removeIf(Money::isZero);
            return amounts.isEmpty() ? EMPTY : new Ledger(Collections.unmodifiableMap(amounts));
        }
    }
}
