package org.onestop.policy;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * A layer's explanation lines, rendered from the structured values the calculation captured only when somebody
 * reads them. Settling computes amounts millions of times for each time a cashier or a statement reads the text,
 * so the text is not built on the calculation's path; the values it is built from are the ones the calculation
 * used, captured when it used them (never read back from a ledger that moved on).
 *
 * <p>Immutable and thread-safe: rendering is deterministic, so two threads rendering at once build equal lists and
 * either may be kept (the rendered list is itself immutable, hence safely published through the racy field).
 */
abstract class Notes extends AbstractList<String> implements RandomAccess {

    private List<String> rendered;

    /**
     * Builds the lines from values captured for this layer. Subclasses are made in static methods, so they hold those
     * values and nothing of the calculation that made them.
     */
    abstract List<String> render();

    /** The lines {@code renderer} builds, built on first read; it must read only values captured for this layer. */
    static List<String> lazy(Supplier<List<String>> renderer) {
        return new Notes() {
            @Override
            List<String> render() {
                return renderer.get();
            }
        };
    }

    private List<String> lines() {
        List<String> lines = rendered;
        if (lines == null) {
            lines = List.copyOf(render());
            rendered = lines;
        }
        return lines;
    }

    @Override
    public String get(int index) {
        return lines().get(index);
    }

    @Override
    public int size() {
        return lines().size();
    }
}
