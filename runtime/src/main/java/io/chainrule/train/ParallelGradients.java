package io.chainrule.train;

import io.chainrule.Model;
import io.chainrule.data.Dataset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The trainer's own threads computing the chunks of a minibatch ({@link ChunkEngine}): with
 * {@code n} threads, the training thread computes on the trained model and worker {@code t} on
 * replica {@code t}. Each thread takes the next untaken chunk of the step whenever it is free
 * (an atomic ticket), so a thread that the host slows down holds up the step by at most the chunk
 * it holds, while the others take the rest. Each chunk of a step is computed exactly once, by the
 * thread that took it, from the parameters the trained model holds during the whole step.
 *
 * <p>The chunks are folded into an accumulator in chunk order ({@link ChunkFolds}), whichever
 * thread finishes first. Chunk 0 is the training thread's, computed on the trained model, whose
 * gradient arrays are the accumulator until that thread computes another chunk ({@link #adopt}); a
 * chunk finished in turn is folded straight from the model that computed it; one finished early,
 * while chunks are left to take, is parked (copied into one of {@code min(chunks - 1, max(2n, 32))} parking
 * buffers, which frees its model for the next chunk) and folded when its turn comes, by whichever thread brings the folds
 * up to it. Folding is done by one thread at a time (a lock word), the last fold writes
 * {@code (acc + g) / count} into the trained model's gradient arrays. So the gradient, loss and
 * norm of a step are the same bits for any number of threads, 1 included.
 *
 * <p>Why the bits cannot depend on scheduling: a step ends only when all its chunks are folded,
 * and a chunk is folded (or parked) by the thread that took it, after it computed it; so while any
 * thread computes a chunk of step {@code s}, step {@code s} has not ended, the optimizer has not
 * stepped, and the step's fields ({@code from}, {@code count}, {@code chunks}, {@code factor}) and
 * the trained model's parameters are those of step {@code s}. No thread ever computes a chunk of a
 * step that has ended. (Computing a stalled thread's chunk a second time on another thread was
 * tried and removed: the stalled thread then went on computing after its step had ended, and its
 * result could be taken for a later step's chunk.)
 *
 * <p>Every replica copies the trained model's parameters once per step, before its first chunk.
 * Step and chunk numbers are stamped into the shared state ({@code step << 32 | chunk}), so a
 * thread still leaving one step can never act on the next one's chunks; nothing is reset between
 * steps and nothing allocates. The workers are started when the session opens and stopped by
 * {@link #close()}.
 */
final class ParallelGradients extends ChunkEngine {
    private static final AtomicInteger TRAININGS = new AtomicInteger();
    /** Parking buffers kept at most (unless there are more than half as many threads). */
    static final int PARKING = 32;

    private final TrainingSession primary;
    /** The session each thread computes with: [0] the trained model's, [t] worker t's replica's. */
    private final TrainingSession[] computers;
    private final int threads;
    private final int chunkSize;
    private final Object acc;
    /**
     * Where the folds go this step: the trained model's gradient arrays while they hold chunk 0
     * (computed there by the training thread) and the training thread computes no other chunk, then
     * {@link #acc}. Read and written under the fold lock, or before the step's chunk 1 can be folded.
     */
    private Object accumulator;
    private final Object[] parking;
    private final AtomicIntegerArray parkingUsed;
    /** Chunk k's parked gradient (a parking buffer) and its index, valid once done[k] holds the step. */
    private final Object[] parked;
    private final int[] parkedIn;
    private final double[] chunkLoss;
    /** done[k] == step: chunk k of that step is parked. */
    private final AtomicIntegerArray done;
    /** step << 32 | the next chunk to take. */
    private final AtomicLong ticket = new AtomicLong();
    /**
     * step << 32 | the step's number of chunks, written before the step's first ticket: a thread
     * that read the ticket of step s reads the chunk count of step s, or sees that s has ended.
     */
    private final AtomicLong shape = new AtomicLong();
    /** step << 32 | the number of chunks folded. */
    private final AtomicLong folds = new AtomicLong();
    private final AtomicInteger foldLock = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<Throwable>();
    /** The step whose parameters computer t holds (t > 0), or whose gradients it has zeroed (t = 0). */
    private final int[] readyAt;
    private final Idle[] idles;
    private final Thread[] workers;
    private final Thread trainingThread;
    private volatile int step;
    private volatile boolean closed;
    // the current step, written by the training thread before it publishes the step
    private int from;
    private int count;
    private int chunks;
    private double factor;
    // results of the current step, written before the last fold is published
    private double squaredNorm;
    /** dL/dh norms of the last chunk's last example, measured by the thread whose result was kept. */
    private final double[] lastOutputNorms;

    private ParallelGradients(TrainingSession primary, TrainingSession[] computers, int chunkSize, int maxChunks) {
        this.primary = primary;
        this.computers = computers;
        this.threads = computers.length;
        this.chunkSize = chunkSize;
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
        this.chunkLoss = new double[maxChunks];
        this.done = new AtomicIntegerArray(maxChunks);
        this.lastOutputNorms = new double[primary.model.layerCount() + 1];
        this.readyAt = new int[threads];
        this.idles = new Idle[threads];
        for (int t = 0; t < threads; t++) {
            idles[t] = new Idle(this);
        }
        this.trainingThread = Thread.currentThread();
        this.workers = new Thread[threads];
        int training = TRAININGS.incrementAndGet();
        for (int t = 1; t < threads; t++) {
            Thread worker = new Thread(new Worker(t), "chainrule-trainer-" + training + "-worker-" + t);
            worker.setDaemon(true);
            workers[t] = worker;
        }
        try {
            for (int t = 1; t < threads; t++) {
                workers[t].start();
            }
        } catch (RuntimeException | Error e) {
            // could not start them all (out of memory or threads): stop those that did start
            close();
            throw e;
        }
    }

    /**
     * Makes {@code config.threads() - 1} replicas of {@code primary}'s model, opens a session on
     * each over the same data and order, and starts the workers on the calling thread's behalf
     * (which must be the thread that trains).
     *
     * @throws IllegalArgumentException if the replicas cannot be made or do not match the model
     */
    static ParallelGradients start(TrainingSession primary, Dataset train, TrainerConfig config, int[] arrayLengths,
            int maxChunks) {
        int threads = config.threads();
        TrainingSession[] computers = new TrainingSession[threads];
        computers[0] = primary;
        Model[] replicas = new Model[threads];
        replicas[0] = primary.model;
        for (int t = 1; t < threads; t++) {
            replicas[t] = replica(primary.model, config, arrayLengths, replicas, t);
            computers[t] = TrainingSession.openReplica(replicas[t], train, config, primary);
        }
        return new ParallelGradients(primary, computers, config.chunkSize(), maxChunks);
    }

    private static Model replica(Model model, TrainerConfig config, int[] arrayLengths, Model[] made, int k) {
        ReplicaFactory factory = config.replicaFactory();
        Model replica;
        if (factory != null) {
            replica = factory.newReplica();
        } else {
            try {
                replica = model.getClass().getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("threads(" + config.threads() + ") needs " + (config.threads() - 1)
                        + " more instance(s) of " + model.getClass().getName() + " for the worker threads, but "
                        + "calling its public no-argument constructor failed (" + e
                        + "); pass TrainerConfig.Builder.replicaFactory(...) to make them", e);
            }
        }
        String problem = mismatch(model, replica, arrayLengths);
        for (int j = 0; problem == null && j < k; j++) {
            if (made[j] == replica) {
                problem = "it returned " + (j == 0 ? "the trained model itself" : "the same instance twice");
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("replica " + k + " for threads(" + config.threads()
                    + ") does not fit the trained model " + model.architecture() + ": " + problem
                    + "; the replica factory must return a new model of the same architecture on each call");
        }
        return replica;
    }

    /** Why {@code replica} cannot stand in for {@code model}, or null if it can. */
    private static String mismatch(Model model, Model replica, int[] arrayLengths) {
        if (replica == null) {
            return "it is null";
        }
        if (replica.precision() != model.precision() || !replica.architecture().equals(model.architecture())) {
            return "its architecture is " + replica.architecture();
        }
        int[] lengths = TrainingSession.parameterArrayLengths(replica);
        if (!java.util.Arrays.equals(lengths, arrayLengths)) {
            return "its parameter arrays have other shapes";
        }
        return null;
    }

    @Override
    double compute(int from, int to) {
        int s = step + 1;
        if (s == 0) {
            s = 1; // after 2^32 steps: 0 is what done[] starts with
        }
        // first no chunk to take, so that a thread still reading the last step's ticket cannot
        // take a chunk of it against this step's fields; then the fields, then the first chunk
        ticket.set(((long) s << 32) | Integer.MAX_VALUE);
        this.from = from;
        this.count = to - from;
        this.chunks = (count + chunkSize - 1) / chunkSize;
        this.factor = 1.0 / count;
        shape.set(((long) s << 32) | chunks);
        folds.set((long) s << 32);
        // chunk 0 is the training thread's: computed on the trained model, its gradient arrays hold it
        // as the folds' accumulator, with no copy (see adopt)
        ticket.set(((long) s << 32) | 1);
        step = s;
        for (int t = 1; t < threads; t++) {
            LockSupport.unpark(workers[t]);
        }
        compute(0, primary, 0, s);
        work(0, s);
        awaitFolds(s);
        rethrowFailure();
        double loss = chunkLoss[0];
        for (int k = 1; k < chunks; k++) {
            loss += chunkLoss[k];
        }
        return loss;
    }

    @Override
    double squaredNorm() {
        return squaredNorm;
    }

    @Override
    void measureOutputs(double[] outputNorms) {
        System.arraycopy(lastOutputNorms, 1, outputNorms, 1, outputNorms.length - 1);
    }

    /** The worker threads (index 0 is null: the training thread). */
    Thread[] workers() {
        return workers.clone();
    }

    /** Stops the workers and waits for them to end. Idempotent. */
    @Override
    void close() {
        closed = true;
        for (int t = 1; t < threads; t++) {
            if (workers[t] != null) {
                LockSupport.unpark(workers[t]);
            }
        }
        boolean interrupted = false;
        for (int t = 1; t < threads; t++) {
            Thread worker = workers[t];
            while (worker != null && worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopped() {
        return closed || failure.get() != null;
    }

    /** Thread {@code t} takes and computes chunks of step {@code s} until none is left. */
    private void work(int t, int s) {
        TrainingSession computer = computers[t];
        while (!stopped()) {
            long taken = ticket.get();
            if ((int) (taken >>> 32) != s) {
                return;
            }
            int k = (int) taken;
            long n = shape.get();
            if ((int) (n >>> 32) != s || k >= (int) n) {
                return;
            }
            if (!ticket.compareAndSet(taken, taken + 1)) {
                continue;
            }
            // chunk k is ours alone: step s cannot end before this thread folds or parks it, so
            // the step's fields and the trained model's parameters stay those of step s meanwhile
            compute(t, computer, k, s);
        }
    }

    /** Computes chunk {@code k} of step {@code s} on thread {@code t}'s model and folds or parks it. */
    private void compute(int t, TrainingSession computer, int k, int s) {
        int a = from + k * chunkSize;
        int b = Math.min(a + chunkSize, from + count);
        if (t == 0 && k > 0) {
            freeTrainedModel();
        }
        if (readyAt[t] != s) {
            if (t == 0) {
                // the trained model's gradients still hold the last step's result
                computer.model.zeroGradients();
            } else {
                computer.pullParameters(primary);
            }
            readyAt[t] = s;
        }
        chunkLoss[k] = computer.accumulateOnto(a, b);
        if (k == chunks - 1) {
            // now, before this thread's model computes anything else
            GradientHealth.measureOutputs(computer.model, lastOutputNorms);
        }
        if (k == 0) {
            adopt(s);
        } else {
            finish(t, computer.gradientBuffer(), k, s);
        }
    }

    /**
     * After the training thread computed chunk 0 of step {@code s} on the trained model: its
     * gradient arrays become the accumulator as they are (chunk 0 is always in turn), where a fold
     * would copy them into {@link #acc} and zero them (407 KB each way for P3). With as many chunks
     * as threads, the only fold left of a step is the last one, in place: the fixed halves' cost.
     */
    private void adopt(int s) {
        Idle idle = idles[0];
        idle.reset();
        while (!foldLock.compareAndSet(0, 1)) {
            idle.pause();
        }
        accumulator = primary.gradientBuffer();
        published(s, 1);
        foldParked();
        foldLock.set(0);
        tryFold();
    }

    /**
     * Before the training thread computes another chunk of the step on the trained model: the sum
     * folded so far moves into {@link #acc} (the fold chunk 0 would have had), which leaves the
     * model's gradient arrays zero.
     */
    private void freeTrainedModel() {
        Object own = primary.gradientBuffer();
        if (accumulator != own) {
            return;
        }
        Idle idle = idles[0];
        idle.reset();
        while (!foldLock.compareAndSet(0, 1)) {
            idle.pause();
        }
        primary.foldFirst(acc, own, true);
        accumulator = acc;
        foldLock.set(0);
        // a chunk parked meanwhile, whose thread could not take the lock
        tryFold();
    }

    /** The training thread, after the last chunk of step {@code s} has been taken: waits until all are folded. */
    private void awaitFolds(int s) {
        Idle idle = idles[0];
        idle.reset();
        while (!stopped() && folds.get() != (((long) s << 32) | chunks)) {
            idle.pause();
        }
    }

    /**
     * Folds chunk {@code k}, whose gradient is in {@code g}, if it is its turn; otherwise parks it
     * if chunks are left to take, waiting for a parking buffer if all are taken (or for its turn,
     * whichever comes first).
     * Leaves {@code g} zero.
     */
    private void finish(int t, Object g, int k, int s) {
        long myTurn = ((long) s << 32) | k;
        Idle idle = idles[t];
        idle.reset();
        while (!stopped()) {
            if (folds.get() == myTurn) {
                // no one else can fold while chunk k is not folded: the lock is only held briefly
                while (!foldLock.compareAndSet(0, 1)) {
                    idle.pause();
                }
                fold(k, g, true);
                published(s, k + 1);
                foldParked();
                foldLock.set(0);
                tryFold();
                return;
            }
            // parked only while chunks are left to take: a copy of the gradient that frees this
            // thread's model for one of them (with none left, waiting for the turn costs nothing)
            int p = chunksLeft(s) ? takeParking() : -1;
            if (p >= 0) {
                primary.park(g, parking[p]);
                parked[k] = parking[p];
                parkedIn[k] = p;
                done.set(k, s);
                tryFold();
                return;
            }
            if (nextIsParked()) {
                // every thread that lets go of the fold lock folds what was parked meanwhile; this is
                // the guard against a case missed there, which would leave all threads waiting
                tryFold();
            }
            idle.pause();
        }
    }

    /** Whether a chunk of step {@code s} is still to be taken. */
    private boolean chunksLeft(int s) {
        long taken = ticket.get();
        return (int) (taken >>> 32) == s && (int) taken < chunks;
    }

    private int takeParking() {
        for (int p = 0; p < parking.length; p++) {
            if (parkingUsed.get(p) == 0 && parkingUsed.compareAndSet(p, 0, 1)) {
                return p;
            }
        }
        return -1;
    }

    /** Whether the next chunk to fold is parked. */
    private boolean nextIsParked() {
        long f = folds.get();
        int k = (int) f;
        return k < chunks && done.get(k) == (int) (f >>> 32);
    }

    /** Folds the parked chunks that are next in turn, if no other thread is folding. */
    private void tryFold() {
        while (foldLock.compareAndSet(0, 1)) {
            foldParked();
            foldLock.set(0);
            // a chunk parked while the lock was held, whose thread could not take the lock
            if (!nextIsParked()) {
                return;
            }
        }
    }

    /** Under the fold lock: folds parked chunks while the next one in turn is parked. */
    private void foldParked() {
        while (true) {
            long f = folds.get();
            int s = (int) (f >>> 32);
            int k = (int) f;
            if (s != step || k >= chunks || done.get(k) != s) {
                return;
            }
            fold(k, parked[k], false);
            parkingUsed.set(parkedIn[k], 0);
            published(s, k + 1);
        }
    }

    /**
     * Folds chunk {@code k} of the current step from {@code g}, and zeroes {@code g} if {@code clear}
     * (a model's gradient arrays, which the next chunk is computed onto; a parking buffer is
     * overwritten when it is next taken) into the {@link #accumulator}. The last fold writes the
     * trained model's gradient arrays: every chunk of the step has then been computed, parked or
     * folded, so no thread computes on them any more (they may be the accumulator, or {@code g} if the
     * last chunk was computed on them: folded in place).
     */
    private void fold(int k, Object g, boolean clear) {
        if (k < chunks - 1) {
            primary.foldAdd(accumulator, g, clear);
        } else {
            squaredNorm = primary.foldLast(accumulator, g, factor, clear);
        }
    }

    private void published(int s, int folded) {
        folds.set(((long) s << 32) | folded);
        if (folded == chunks) {
            LockSupport.unpark(trainingThread);
        }
    }

    private void fail(Throwable t) {
        failure.compareAndSet(null, t);
        LockSupport.unpark(trainingThread);
    }

    private void rethrowFailure() {
        Throwable t = failure.get();
        if (t == null) {
            return;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException("a worker thread of the training failed", t);
    }

    /** Worker t: waits for a step, computes chunks of it, and again, until closed. */
    private final class Worker implements Runnable {
        private final int t;

        Worker(int t) {
            this.t = t;
        }

        @Override
        public void run() {
            Idle idle = idles[t];
            int seen = 0;
            while (true) {
                idle.reset();
                while (step == seen && !closed) {
                    idle.pause();
                }
                if (closed) {
                    return;
                }
                seen = step;
                try {
                    work(t, seen);
                } catch (Throwable e) {
                    fail(e);
                }
            }
        }
    }
}
