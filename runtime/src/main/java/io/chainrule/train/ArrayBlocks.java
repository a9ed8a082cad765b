package io.chainrule.train;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A step's work over the parameter arrays, cut into blocks of consecutive arrays (about {@link
 * #ELEMENTS} values each; an array is never cut) that {@link ParallelGradients}' threads take
 * one at a time, whichever is free: the last fold of the chunks' gradients and the optimizer's
 * step. Each array is worked on by exactly one thread with the same arithmetic as a whole pass, so
 * the bits do not depend on which thread took which block.
 *
 * <p>A phase is opened by the training thread with the step's number; blocks are taken through a
 * ticket stamped with it ({@code step << 32 | next block}), so a thread still leaving one step can
 * never take a block of the next. The phase is complete when every block taken is finished: until
 * then no thread of the step moves on. Nothing allocates after construction.
 */
final class ArrayBlocks {
    /** About this many values per block: some microseconds of work, a small part of a step. */
    static final int ELEMENTS = 8192;

    /** Block b is the arrays {@code starts[b] .. starts[b + 1] - 1}. */
    private final int[] starts;
    /** step << 32 | the next block to take. */
    private final AtomicLong next = new AtomicLong();
    /** step << 32 | the number of blocks finished. */
    private final AtomicLong finished = new AtomicLong();

    /** Blocks over arrays of the given lengths. */
    ArrayBlocks(int[] arrayLengths) {
        int[] cut = new int[arrayLengths.length + 1];
        int blocks = 0;
        long size = 0;
        for (int k = 0; k < arrayLengths.length; k++) {
            if (size == 0) {
                cut[blocks++] = k;
            }
            size += arrayLengths[k];
            if (size >= ELEMENTS) {
                size = 0;
            }
        }
        cut[blocks] = arrayLengths.length;
        this.starts = java.util.Arrays.copyOf(cut, blocks + 1);
    }

    /** The number of blocks. */
    int count() {
        return starts.length - 1;
    }

    /** The first array of block {@code b}. */
    int from(int b) {
        return starts[b];
    }

    /** One past the last array of block {@code b}. */
    int to(int b) {
        return starts[b + 1];
    }

    /** The training thread: opens the phase of step {@code s}, whose fields it has written before. */
    void open(int s) {
        finished.set((long) s << 32);
        next.set((long) s << 32);
    }

    /** Whether the phase of step {@code s} is open (it may have no block left to take). */
    boolean isOpen(int s) {
        return (int) (next.get() >>> 32) == s;
    }

    /** Takes the next block of step {@code s}'s phase: its index, or -1 if none is left (or the phase is not open). */
    int take(int s) {
        while (true) {
            long taken = next.get();
            int b = (int) taken;
            if ((int) (taken >>> 32) != s || b >= count()) {
                return -1;
            }
            if (next.compareAndSet(taken, taken + 1)) {
                return b;
            }
        }
    }

    /** A block taken in the open phase is finished (its stamp cannot have moved on: the phase is not complete). */
    void finish() {
        finished.incrementAndGet();
    }

    /** Whether all blocks of step {@code s}'s phase are finished. */
    boolean complete(int s) {
        return finished.get() == (((long) s << 32) | count());
    }
}
