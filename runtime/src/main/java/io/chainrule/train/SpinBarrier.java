package io.chainrule.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for a fixed set of threads that allocates nothing when awaited (unlike
 * {@link java.util.concurrent.CyclicBarrier}, whose generations and lock conditions allocate):
 * arrivals are counted in an {@link AtomicInteger}, the last arrival opens the barrier by
 * advancing a volatile phase counter, and waiters spin briefly, then yield for up to half a
 * millisecond, then park until the phase moves on or the barrier is broken. Waking a parked thread
 * costs tens of microseconds (more on a virtual machine), as much as a training step's serial part;
 * yielding keeps the waiter ready to go on without holding a core that another thread wants.
 *
 * <p>Memory effects: everything a thread wrote before {@link #await()} is visible to every
 * thread after the same {@code await()} returns (the arrivals form a chain of atomic updates
 * that the last one continues with a volatile write of the phase, which the waiters read).
 */
final class SpinBarrier {
    /** Busy-wait checks of the phase before yielding: about a microsecond. */
    private static final int SPINS = 1 << 10;
    /** How long a waiter yields before it parks. */
    private static final long YIELD_NANOS = 500_000L;

    private final int parties;
    private final Thread[] threads;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int phase;
    private volatile boolean broken;

    /** A barrier for {@code parties} threads, which must be registered with {@link #register} before use. */
    SpinBarrier(int parties) {
        this.parties = parties;
        this.threads = new Thread[parties];
    }

    /** Records {@code thread} as party {@code index}, so that openings and {@link #breakBarrier()} wake it. */
    void register(int index, Thread thread) {
        threads[index] = thread;
    }

    /**
     * Waits until all parties have called this method in the current phase. Allocates nothing.
     *
     * @return true when the barrier opened, false if it is (or became) broken
     */
    boolean await() {
        int p = phase;
        if (broken) {
            return false;
        }
        if (arrived.incrementAndGet() == parties) {
            // nobody arrives in the next phase before seeing the new phase, so resetting first is safe
            arrived.set(0);
            phase = p + 1;
            wakeAll();
            return true;
        }
        int spins = 0;
        long parkAt = 0;
        while (phase == p) {
            if (broken) {
                return false;
            }
            if (spins < SPINS) {
                spins++;
                continue;
            }
            long now = System.nanoTime();
            if (parkAt == 0) {
                parkAt = now + YIELD_NANOS;
            }
            if (now - parkAt < 0) {
                Thread.yield();
            } else {
                // a wake-up before the park leaves a permit, so the park returns at once: none is lost
                LockSupport.park(this);
            }
        }
        return true;
    }

    /** Breaks the barrier for good: every waiting and every later {@link #await()} returns false. */
    void breakBarrier() {
        broken = true;
        wakeAll();
    }

    private void wakeAll() {
        Thread self = Thread.currentThread();
        for (Thread t : threads) {
            if (t != null && t != self) {
                LockSupport.unpark(t);
            }
        }
    }
}
