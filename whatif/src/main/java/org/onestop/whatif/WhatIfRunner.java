package org.onestop.whatif;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Evaluates many books on every core: the books are cut into one slice per thread, each slice tallied alone (persons
 * are independent: a book is one person's), the slices merged in order.
 */
public final class WhatIfRunner {

    /** How often (in persons) a slice looks whether the run was cancelled. */
    private static final int CHECK_EVERY = 256;

    private WhatIfRunner() {
    }

    /**
     * @param threads   slices to cut (the pool's size)
     * @param cancelled asked now and then; true stops every slice
     * @throws CancellationException when {@code cancelled} answered true
     */
    public static WhatIfTally tally(WhatIf w, List<PersonHistory> books, ExecutorService pool, int threads,
                                    BooleanSupplier cancelled) {
        int slices = Math.max(1, Math.min(threads, books.size()));
        List<Future<WhatIfTally>> parts = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            List<PersonHistory> slice = books.subList(books.size() * s / slices, books.size() * (s + 1) / slices);
            parts.add(pool.submit(() -> tally(w, slice, cancelled)));
        }
        WhatIfTally total = new WhatIfTally();
        try {
            for (Future<WhatIfTally> part : parts) {
                total.merge(part.get());
            }
        } catch (InterruptedException e) {
            parts.forEach(p -> p.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            parts.forEach(p -> p.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        return total;
    }

    /** One thread's share. */
    public static WhatIfTally tally(WhatIf w, List<PersonHistory> books, BooleanSupplier cancelled) {
        WhatIfTally t = new WhatIfTally();
        for (int i = 0; i < books.size(); i++) {
            if (i % CHECK_EVERY == 0 && cancelled.getAsBoolean()) {
                throw new CancellationException("the what-if was cancelled");
            }
            PersonYear y = w.evaluate(books.get(i));
            if (y != null) {
                t.add(y);
            }
        }
        return t;
    }
}
