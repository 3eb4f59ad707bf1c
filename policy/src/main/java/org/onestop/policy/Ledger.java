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
 * <p>Held as parallel arrays sorted by key (a person has a few dozen accumulators at most): a settlement copies one
 * small array of amounts instead of a hash map, and finds a key by its scope and name, kept apart beside the full key,
 * so looking up {@code grant:<id>/assistance.paid} builds no string. The engine looks up with the same name and year
 * instances it stored, so most comparisons end at the reference.
 */
public final class Ledger {

    public static final Ledger EMPTY = new Ledger(new String[0], new String[0], new String[0], new int[0], new long[0]);

    /** Sorted, no duplicates. */
    private final String[] keys;
    /** {@code keys[i]} is {@code scopes[i] + "/" + names[i]} (names have no slash; a grant id may). */
    private final String[] scopes;
    private final String[] names;
    /** {@code names[i].hashCode()}: a lookup compares ints before strings. */
    private final int[] hashes;
    /** Non-zero amounts in fen, {@code fen[i]} belongs to {@code keys[i]}. */
    private final long[] fen;

    private Ledger(String[] keys, String[] scopes, String[] names, int[] hashes, long[] fen) {
        this.keys = keys;
        this.scopes = scopes;
        this.names = names;
        this.hashes = hashes;
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
        String[] scopes = new String[keys.length];
        String[] names = new String[keys.length];
        int[] hashes = new int[keys.length];
        long[] fen = new long[keys.length];
        int i = 0;
        for (Map.Entry<String, Money> e : sorted.entrySet()) {
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            keys[i] = key;
            scopes[i] = slash < 0 ? key : key.substring(0, slash);
            names[i] = slash < 0 ? "" : key.substring(slash + 1);
            hashes[i] = names[i].hashCode();
            fen[i++] = e.getValue().fen();
        }
        return new Ledger(keys, scopes, names, hashes, fen);
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
        int i = indexOf(scopes, names, hashes, keys.length, scope, name);
        return i < 0 ? 0 : fen[i];
    }

    /** Index of {@code scope/name} among the first {@code n} entries, or -1. */
    private static int indexOf(String[] scopes, String[] names, int[] hashes, int n, String scope, String name) {
        int h = name.hashCode();
        for (int i = 0; i < n; i++) {
            String nm = names[i];
            if (hashes[i] == h && (nm == name || nm.equals(name))) {
                String sc = scopes[i];
                if (sc == scope || sc.equals(scope)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The scope {@code prefix + id} as this ledger already holds it, so a settlement that meets the scope again
     * builds no new string for it; null when the ledger has no such scope.
     */
    String knownScope(String prefix, String id) {
        int length = prefix.length() + id.length();
        for (String sc : scopes) {
            if (sc.length() == length && sc.startsWith(prefix) && sc.endsWith(id)) {
                return sc;
            }
        }
        return null;
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
        private final Ledger base;
        private String[] keys;
        private String[] scopes;
        private String[] names;
        private int[] hashes;
        private long[] fen;
        private int size;

        private Builder(Ledger from) {
            this.base = from;
            this.keys = from.keys;
            this.scopes = from.scopes;
            this.names = from.names;
            this.hashes = from.hashes;
            this.size = from.keys.length;
            this.fen = Arrays.copyOf(from.fen, size);
        }

        Money get(String scope, String name) {
            return Money.ofFen(fen(scope, name));
        }

        long fen(String scope, String name) {
            int i = indexOf(scopes, names, hashes, size, scope, name);
            return i < 0 ? 0 : fen[i];
        }

        void add(String scope, String name, Money amount) {
            add(scope, name, amount.fen());
        }

        void add(String scope, String name, long amount) {
            if (amount == 0) {
                return;
            }
            int i = indexOf(scopes, names, hashes, size, scope, name);
            if (i >= 0) {
                fen[i] = Math.addExact(fen[i], amount);
                return;
            }
            if (keys == base.keys || size == keys.length) {
                keys = Arrays.copyOf(keys, size + 8);
                scopes = Arrays.copyOf(scopes, size + 8);
                names = Arrays.copyOf(names, size + 8);
                hashes = Arrays.copyOf(hashes, size + 8);
                fen = Arrays.copyOf(fen, size + 8);
            }
            keys[size] = key(scope, name);
            scopes[size] = scope;
            names[size] = name;
            hashes[size] = name.hashCode();
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
            if (keys == base.keys && n == size) {
                // no key added or emptied: the previous ledger's sorted keys serve again
                return new Ledger(base.keys, base.scopes, base.names, base.hashes, fen);
            }
            String[] k = new String[n];
            String[] sc = new String[n];
            String[] nm = new String[n];
            int[] hs = new int[n];
            long[] f = new long[n];
            int j = 0;
            for (int i = 0; i < size; i++) {
                if (fen[i] != 0) {
                    k[j] = keys[i];
                    sc[j] = scopes[i];
                    nm[j] = names[i];
                    hs[j] = hashes[i];
                    f[j++] = fen[i];
                }
            }
            if (keys != base.keys) {
                sort(k, sc, nm, hs, f);
            }
            return new Ledger(k, sc, nm, hs, f);
        }

        /** Insertion sort by key: the old keys are in order and a settlement adds a handful. */
        private static void sort(String[] k, String[] sc, String[] nm, int[] hs, long[] f) {
            for (int i = 1; i < k.length; i++) {
                String key = k[i];
                String scope = sc[i];
                String name = nm[i];
                int hash = hs[i];
                long value = f[i];
                int j = i - 1;
                while (j >= 0 && k[j].compareTo(key) > 0) {
                    k[j + 1] = k[j];
                    sc[j + 1] = sc[j];
                    nm[j + 1] = nm[j];
                    hs[j + 1] = hs[j];
                    f[j + 1] = f[j];
                    j--;
                }
                k[j + 1] = key;
                sc[j + 1] = scope;
                nm[j + 1] = name;
                hs[j + 1] = hash;
                f[j + 1] = value;
            }
        }
    }
}
