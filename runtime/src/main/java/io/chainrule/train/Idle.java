package io.chainrule.train;

import java.util.concurrent.locks.LockSupport;

/**
 * How one thread of data-parallel training waits without allocating: spin briefly, then yield
 * for up to half a millisecond, then park for up to a millisecond at a time (the thread that ends
 * the wait also unparks the waiter, so a park usually ends early). Waking a parked thread costs
 * tens of microseconds (more on a virtual machine), as much as a training step's serial part;
 * yielding keeps a waiter ready to go on without holding a core that another thread wants, such
 * as a descheduled worker that holds a chunk.
 *
 * <p>Each thread owns one instance: {@code idle.reset(); while (!condition) idle.pause();}.
 */
final class Idle {
    /** Busy-wait rounds before yielding: about a microsecond. */
    private static final int SPINS = 1 << 10;
    /** How long a waiter yields before it parks. */
    private static final long YIELD_NANOS = 500_000L;
    /** The longest single park: an unpark that came too early costs at most this. */
    private static final long PARK_NANOS = 1_000_000L;

    private final Object blocker;
    private int spins;
    private long yieldingSince;

    /** A waiter that names {@code blocker} when it parks (thread dumps show it). */
    Idle(Object blocker) {
        this.blocker = blocker;
    }

    /** Starts a new wait. */
    void reset() {
        spins = 0;
    }

    /** One round of waiting: a spin, a yield or a park, by how long this wait has lasted. */
    void pause() {
        if (spins < SPINS) {
            spins++;
            return;
        }
        long now = System.nanoTime();
        if (spins == SPINS) {
            spins++;
            yieldingSince = now;
        }
        if (now - yieldingSince < YIELD_NANOS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(blocker, PARK_NANOS);
        }
    }
}
