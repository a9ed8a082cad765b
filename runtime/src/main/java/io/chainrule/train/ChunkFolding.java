package io.chainrule.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The folds of a step's chunks in chunk order ({@link ChunkFolds}) for {@link ParallelGradients},
 * from whichever thread finished each chunk: a chunk finished in turn is folded straight from the
 * model that computed it; one finished early is parked (copied into one of
 * {@code min(chunks - 1, max(2n, 32))} parking buffers, which frees its model for the next chunk)
 * and folded when its turn comes, by whichever thread brings the folds up to it. A worker's chunk
 * finished when no chunk of the step is left to take is handed over instead ({@link #handOver}):
 * parked where it is, in the worker's model, for the training thread to fold. Chunk 0, always
 * the training thread's, is not folded at all: the trained model's gradient arrays, where it was
 * computed, are the accumulator ({@link #adopt}) until that thread computes another chunk
 * ({@link #freeTrainedModel}). Folding is done by one thread at a time (a lock word); every thread
 * that lets go of the lock folds what was parked meanwhile. The last chunk is never folded here:
 * it stays where it was computed (the trained model's gradient arrays or a worker's, handed over),
 * and once every other chunk is folded ({@link #lastReady}) the threads fold it block by block
 * ({@link #foldLast}), writing {@code (acc + g) / count} into the trained model's gradient arrays.
 *
 * <p>The fold count is stamped with the step ({@code step << 32 | folded}), so a thread still
 * leaving one step can never act on the next one's chunks. Nothing allocates after construction.
 */
final class ChunkFolding {
    /** Parking buffers kept at most (unless there are more than half as many threads). */
    static final int PARKING = 32;

    private final TrainingSession primary;
    private final Thread trainingThread;
    private final Object acc;
    /**
     * Where the folds go this step: the trained model's gradient arrays while they hold chunk 0
     * and the training thread computes no other chunk, then {@link #acc}. Read and written under the
     * lock, or before the step's chunk 1 can be folded.
     */
    private Object accumulator;
    private final Object[] parking;
    private final AtomicIntegerArray parkingUsed;
    /**
     * Chunk k's parked gradient (a parking buffer, or a worker model's gradient arrays) and the
     * parking buffer's index (-1 for a model's), valid once done[k] holds the step.
     */
    private final Object[] parked;
    private final int[] parkedIn;
    /** done[k] == step: chunk k of that step is parked. */
    private final AtomicIntegerArray done;
    /** step << 32 | the number of chunks folded. */
    private final AtomicLong folds = new AtomicLong();
    private final AtomicInteger lock = new AtomicInteger();
    // the current step's chunk count and gradient factor, written by the training thread before it
    // publishes the step
    private int chunks;
    private double factor;
    /** The squared norm of the step's gradient, written before the last fold is published. */
    private double squaredNorm;
    /** Each gradient array's squared norm after the last fold, added in order for {@link #squaredNorm}. */
    private final double[] arrayNorms;

    ChunkFolding(TrainingSession primary, int threads, int maxChunks, Thread trainingThread) {
        this.primary = primary;
        this.trainingThread = trainingThread;
        this.acc = primary.newGradientBuffer();
        // room for a whole batch's chunks but one, up to 32 (or 2 per thread): the other threads
        // can then compute the rest of a step while one thread is slow on an early chunk
        int parkingBuffers = threads == 1 ? 0 : Math.min(maxChunks - 1, Math.max(2 * threads, PARKING));
        this.parking = new Object[parkingBuffers];
        for (int p = 0; p < parkingBuffers; p++) {
            parking[p] = primary.newGradientBuffer();
        }
        this.parkingUsed = new AtomicIntegerArray(Math.max(1, parkingBuffers));
        this.parked = new Object[maxChunks];
        this.parkedIn = new int[maxChunks];
        this.done = new AtomicIntegerArray(maxChunks);
        this.arrayNorms = new double[primary.model.parameterArrayCount()];
    }

    /** The training thread, before step {@code s}'s chunks can be taken: no chunk folded yet. */
    void begin(int s, int chunks, double factor) {
        this.chunks = chunks;
        this.factor = factor;
        folds.set((long) s << 32);
    }

    /** Whether all chunks of step {@code s} but the last are folded and the last is handed over. */
    boolean lastReady(int s) {
        return folds.get() == (((long) s << 32) | (chunks - 1)) && done.get(chunks - 1) == s;
    }

    /**
     * Once {@link #lastReady}: the last fold of the arrays {@code from .. to - 1}, {@code (acc +
     * g) * factor} into the trained model's gradient arrays (every chunk of the step has been
     * computed, so no thread computes on them any more; they may be the accumulator, or {@code g}
     * if the last chunk was computed on them: folded in place). Any thread, each array once.
     */
    void foldLast(int from, int to) {
        primary.foldLast(accumulator, parked[chunks - 1], factor, from, to, arrayNorms);
    }

    /** The training thread, once every array is folded: the step's gradient is complete. */
    void lastFolded(int s) {
        squaredNorm = ChunkFolds.sum(arrayNorms);
        published(s, chunks);
    }

    /** Whether chunk {@code k} of step {@code s} is the next to fold. */
    boolean isTurn(int s, int k) {
        return folds.get() == (((long) s << 32) | k);
    }

    /** The squared norm of the last complete step's gradient. */
    double squaredNorm() {
        return squaredNorm;
    }

    /**
     * After the training thread computed chunk 0 of step {@code s} on the trained model: its
     * gradient arrays become the accumulator as they are (chunk 0 is always in turn), where a fold
     * would copy them into {@link #acc} and zero them (407 KB each way for P3). With as many chunks
     * as threads, the only fold left of a step is the last one, in place: the fixed halves' cost.
     */
    void adopt(int s, Idle idle) {
        acquire(idle);
        accumulator = primary.gradientBuffer();
        published(s, 1);
        foldParked();
        release();
    }

    /**
     * Before the training thread computes another chunk of the step on the trained model: the sum
     * folded so far moves into {@link #acc} (the fold chunk 0 would have had), which leaves the
     * model's gradient arrays zero.
     */
    void freeTrainedModel(Idle idle) {
        Object own = primary.gradientBuffer();
        if (accumulator != own) {
            return;
        }
        acquire(idle);
        primary.foldFirst(acc, own, true);
        accumulator = acc;
        release();
    }

    /** Folds chunk {@code k} of step {@code s}, its turn, from a model's gradient arrays {@code g}, and zeroes them. */
    void foldInTurn(int k, Object g, int s, Idle idle) {
        // no one else can fold while chunk k is not folded: the lock is only held briefly
        acquire(idle);
        primary.foldAdd(accumulator, g, true);
        published(s, k + 1);
        foldParked();
        release();
    }

    /**
     * Parks chunk {@code k} of step {@code s} from {@code g} (and zeroes {@code g}) if a parking
     * buffer is free; whether it did.
     */
    boolean park(Object g, int k, int s) {
        int p = takeParking();
        if (p < 0) {
            return false;
        }
        primary.park(g, parking[p]);
        parked[k] = parking[p];
        parkedIn[k] = p;
        done.set(k, s);
        tryFold();
        return true;
    }

    /**
     * Parks chunk {@code k} of step {@code s} where it is, in the gradient arrays {@code g} of a
     * model that computes nothing more this step (no chunk is left to take; for the last chunk, the
     * model that computed it), without a copy and without zeroing them (a worker zeroes them before
     * its next chunk, a later step's): the training thread, which waits for the folds, folds it when
     * its turn comes, or, the last chunk, all threads together ({@link #foldLast}). So no 407 KB
     * (P3) are copied to be folded. The same bits: the same fold, in the same order.
     */
    void handOver(Object g, int k, int s) {
        parked[k] = g;
        parkedIn[k] = -1;
        done.set(k, s);
        LockSupport.unpark(trainingThread);
    }

    /**
     * Folds the next chunks if they are parked and no other thread is folding: for a waiting
     * thread. Every thread that lets go of the lock does this already; this is the guard against a
     * case missed there, which would leave all threads waiting.
     */
    void foldIfParked() {
        if (nextIsParked()) {
            tryFold();
        }
    }

    private void acquire(Idle idle) {
        idle.reset();
        while (!lock.compareAndSet(0, 1)) {
            idle.pause();
        }
    }

    /** Lets go of the lock, then folds a chunk parked meanwhile whose thread could not take it. */
    private void release() {
        lock.set(0);
        tryFold();
    }

    private int takeParking() {
        for (int p = 0; p < parking.length; p++) {
            if (parkingUsed.get(p) == 0 && parkingUsed.compareAndSet(p, 0, 1)) {
                return p;
            }
        }
        return -1;
    }

    /** Whether the next chunk to fold is parked (the last one is folded by {@link #foldLast}). */
    private boolean nextIsParked() {
        long f = folds.get();
        int k = (int) f;
        return k < chunks - 1 && done.get(k) == (int) (f >>> 32);
    }

    /** Folds the parked chunks that are next in turn, if no other thread is folding. */
    private void tryFold() {
        while (lock.compareAndSet(0, 1)) {
            foldParked();
            lock.set(0);
            // a chunk parked while the lock was held, whose thread could not take the lock
            if (!nextIsParked()) {
                return;
            }
        }
    }

    /** Under the lock (no other thread moves the fold count): folds parked chunks while the next one in turn is parked. */
    private void foldParked() {
        while (nextIsParked()) {
            long f = folds.get();
            int k = (int) f;
            primary.foldAdd(accumulator, parked[k], false);
            if (parkedIn[k] >= 0) {
                parkingUsed.set(parkedIn[k], 0);
            }
            published((int) (f >>> 32), k + 1);
        }
    }

    private void published(int s, int folded) {
        folds.set(((long) s << 32) | folded);
        if (folded >= chunks - 1) {
            LockSupport.unpark(trainingThread);
        }
    }
}
