package org.onestop.policy;

import java.util.Arrays;
import java.util.Collections;
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
 *
 * <p>Held as two parallel arrays sorted by key (a person has a few dozen accumulators at most): a settlement copies
 * two small arrays instead of a hash map, and finds a key by comparing its parts in place, so looking up
 * {@code grant:<id>/assistance.paid} builds no string.
 */
public final class Ledger {

    public static final Ledger EMPTY = new Ledger(new String[0], new long[0]);

    /** Sorted, no duplicates. */
    private final String[] keys;
    /** Non-zero amounts in fen, {@code fen[i]} belongs to {@code keys[i]}. */
    private final long[] fen;

    private Ledger(String[] keys, long[] fen) {
        this.keys = keys;
        this.fen = fen;
    }

    public static Ledger of(Map<String, Money> amounts) {
        TreeMap<String, Money> sorted = new TreeMap<>();
        amounts.forEach((k, v) -> {
            if (!v.isZero()) {
                sorted.put(k, v);
            }
        });
        if (sorted.isEmpty()) {
            return EMPTY;
        }
        String[] keys = new String[sorted.size()];
        long[] fen = new long[keys.length];
        int i = 0;
        for (Map.Entry<String, Money> e : sorted.entrySet()) {
            keys[i] = e.getKey();
            fen[i++] = e.getValue().fen();
        }
        return new Ledger(keys, fen);
    }

    public Money get(String key) {
        int i = Arrays.binarySearch(keys, key);
        return i < 0 ? Money.ZERO : Money.ofFen(fen[i]);
    }

    public Money get(String scope, String name) {
        return Money.ofFen(fen(scope, name));
    }

    /** The amount under {@code scope/name} in fen, 0 when absent. */
    long fen(String scope, String name) {
        int i = indexOf(keys, keys.length, scope, name);
        return i < 0 ? 0 : fen[i];
    }

    /** Index of {@code scope/name} among the first {@code n} keys, compared in place, or -1. */
    private static int indexOf(String[] keys, int n, String scope, String name) {
        int length = scope.length() + 1 + name.length();
        int slash = scope.length();
        for (int i = 0; i < n; i++) {
            String k = keys[i];
            if (k.length() == length && k.charAt(slash) == '/' && k.startsWith(name, slash + 1) && k.startsWith(scope)) {
                return i;
            }
        }
        return -1;
    }

    static String key(String scope, String name) {
        return scope + "/" + name;
    }

    /** Every accumulator, sorted by key (for storage and display). */
    public Map<String, Money> asMap() {
        TreeMap<String, Money> map = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], Money.ofFen(fen[i]));
        }
        return Collections.unmodifiableMap(map);
    }

    /** Accumulators of one scope (e.g. {@code "2023"}), keyed by name. */
    public Map<String, Money> scope(String scope) {
        var result = new TreeMap<String, Money>();
        String prefix = scope + "/";
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].startsWith(prefix)) {
                result.put(keys[i].substring(prefix.length()), Money.ofFen(fen[i]));
            }
        }
        return result;
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ledger l && Arrays.equals(l.keys, keys) && Arrays.equals(l.fen, fen);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keys) + Arrays.hashCode(fen);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /**
     * The ledger being changed by one settlement: the previous ledger's keys (shared, never written) with amounts of
     * its own, then the keys this settlement added.
     */
    static final class Builder {
        private final String[] base;
        private String[] keys;
        private long[] fen;
        private int size;

        private Builder(Ledger from) {
            this.base = from.keys;
            this.keys = from.keys;
            this.size = from.keys.length;
            this.fen = Arrays.copyOf(from.fen, size);
        }

        Money get(String scope, String name) {
            return Money.ofFen(fen(scope, name));
        }

        long fen(String scope, String name) {
            int i = indexOf(keys, size, scope, name);
            return i < 0 ? 0 : fen[i];
        }

        void add(String scope, String name, Money amount) {
            add(scope, name, amount.fen());
        }

        void add(String scope, String name, long amount) {
            if (amount == 0) {
                return;
            }
            int i = indexOf(keys, size, scope, name);
            if (i >= 0) {
                fen[i] = Math.addExact(fen[i], amount);
                return;
            }
            if (keys == base || size == keys.length) {
                keys = Arrays.copyOf(keys, size + 8);
                fen = Arrays.copyOf(fen, size + 8);
            }
            keys[size] = key(scope, name);
            fen[size++] = amount;
        }

        Ledger build() {
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (fen[i] != 0) {
                    n++;
                }
            }
            if (n == 0) {
                return EMPTY;
            }
            if (keys == base && n == size) {
                // no key added or emptied: the previous ledger's sorted keys serve again
                return new Ledger(base, fen);
            }
            String[] k = new String[n];
            long[] f = new long[n];
            int j = 0;
            for (int i = 0; i < size; i++) {
                if (fen[i] != 0) {
                    k[j] = keys[i];
                    f[j++] = fen[i];
                }
            }
            if (keys != base) {
                sort(k, f);
            }
            return new Ledger(k, f);
        }

        /** Insertion sort: the old keys are in order and a settlement adds a handful. */
        private static void sort(String[] k, long[] f) {
            for (int i = 1; i < k.length; i++) {
                String key = k[i];
                long value = f[i];
                int j = i - 1;
                while (j >= 0 && k[j].compareTo(key) > 0) {
                    k[j + 1] = k[j];
                    f[j + 1] = f[j];
                    j--;
                }
                k[j + 1] = key;
                f[j + 1] = value;
            }
        }
    }
}
