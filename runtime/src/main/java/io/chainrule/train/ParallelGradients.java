package io.chainrule.train;

import io.chainrule.Model;
import io.chainrule.data.Dataset;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>The chunks are folded in chunk order by {@link ChunkFolding}, whichever thread finishes
 * first: chunk 0 is always the training thread's, on the trained model, whose gradient arrays it
 * stays in as the accumulator; while chunks are left to take, a chunk finished in turn is folded by
 * its thread and one finished early is parked (which frees its model for one of them); once none is
 * left, a worker hands its chunk over to the training thread, which folds it when its turn comes.
 * The last chunk stays where it was computed, and once all others are folded, every thread that is
 * free folds it into the trained model's gradient arrays, a block of arrays at a time ({@link
 * ArrayBlocks}); then, after the trainer's checks, the optimizer's step is taken the same way
 * ({@link #step}). Each array is folded and stepped by one thread with the arithmetic of a whole
 * pass, and the arrays' squared norms are added in array order. So the gradient, loss, norm and
 * weights of a step are the same bits for any number of threads, 1 included; and a thread the host
 * slows down holds up those phases by at most the block it holds.
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

    private final TrainingSession primary;
    /** The session each thread computes with: [0] the trained model's, [t] worker t's replica's. */
    private final TrainingSession[] computers;
    private final int threads;
    private final int chunkSize;
    private final double[] chunkLoss;
    private final ChunkFolding folding;
    /** The last fold and the optimizer's update of a step, by every thread that is free for them. */
    private final StepEnd end;
    /** step << 32 | the next chunk to take. */
    private final AtomicLong ticket = new AtomicLong();
    /**
     * step << 32 | the step's number of chunks, written before the step's first ticket: a thread
     * that read the ticket of step s reads the chunk count of step s, or sees that s has ended.
     */
    private final AtomicLong shape = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<Throwable>();
    /** The step whose parameters computer t holds (t > 0), or whose gradients it has zeroed (t = 0). */
    private final int[] readyAt;
    /** Worker t handed its model's gradient arrays over, not zeroed, with its last chunk (read by thread t only). */
    private final boolean[] handedOver;
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
    /** dL/dh norms of the last chunk's last example, measured by the thread whose result was kept. */
    private final double[] lastOutputNorms;

    private ParallelGradients(TrainingSession primary, TrainingSession[] computers, int chunkSize, int maxChunks,
            int[] arrayLengths) {
        this.primary = primary;
        this.computers = computers;
        this.threads = computers.length;
        this.chunkSize = chunkSize;
        this.chunkLoss = new double[maxChunks];
        this.lastOutputNorms = new double[primary.model.layerCount() + 1];
        this.readyAt = new int[threads];
        this.handedOver = new boolean[threads];
        this.idles = new Idle[threads];
        for (int t = 0; t < threads; t++) {
            idles[t] = new Idle(this);
        }
        this.trainingThread = Thread.currentThread();
        this.folding = new ChunkFolding(primary, threads, maxChunks, trainingThread);
        this.end = new StepEnd(primary, folding, arrayLengths);
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
            replicas[t] = Replicas.make(primary.model, config, arrayLengths, replicas, t);
            computers[t] = TrainingSession.openReplica(replicas[t], train, config, primary);
        }
        return new ParallelGradients(primary, computers, config.chunkSize(), maxChunks, arrayLengths);
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
        folding.begin(s, chunks, factor);
        // chunk 0 is the training thread's: computed on the trained model, its gradient arrays hold it
        // as the folds' accumulator, with no copy (ChunkFolding.adopt)
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

    /**
     * The optimizer's step by every thread that is free for it ({@link StepEnd}). Only for the
     * optimizers of this package ({@link BaseOptimizer}), whose arrays can be stepped apart; another
     * {@link Optimizer} steps on the training thread.
     */
    @Override
    boolean step(Optimizer optimizer, double learningRate, int globalStep, double clip) {
        if (!(optimizer instanceof BaseOptimizer) || !((BaseOptimizer) optimizer).isBoundTo(primary.model)) {
            return false;
        }
        int s = step;
        end.openUpdate(s, (BaseOptimizer) optimizer, learningRate, globalStep, clip);
        end.updateBlocks(s);
        Idle idle = idles[0];
        idle.reset();
        while (!stopped() && !end.updateComplete(s)) {
            idle.pause();
        }
        rethrowFailure();
        return true;
    }

    @Override
    double squaredNorm() {
        return folding.squaredNorm();
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
            folding.freeTrainedModel(idles[0]);
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
        if (handedOver[t]) {
            // folded by now (the step it was handed over in has ended), but not zeroed
            computer.model.zeroGradients();
            handedOver[t] = false;
        }
        chunkLoss[k] = computer.accumulateOnto(a, b);
        if (k == chunks - 1) {
            // now, before this thread's model computes anything else
            GradientHealth.measureOutputs(computer.model, lastOutputNorms);
        }
        if (k == 0) {
            folding.adopt(s, idles[0]);
        } else {
            finish(t, computer.gradientBuffer(), k, s);
        }
    }

    /**
     * The training thread, after the last chunk of step {@code s} has been taken: waits until all
     * chunks but the last are folded and the last is computed, then folds the last one with
     * whichever workers are free, block by block, and waits for their blocks.
     */
    private void awaitFolds(int s) {
        Idle idle = idles[0];
        idle.reset();
        while (!stopped() && !folding.lastReady(s)) {
            folding.foldIfParked();
            idle.pause();
        }
        if (stopped()) {
            return;
        }
        end.openFold(s);
        end.foldBlocks(s);
        idle.reset();
        while (!stopped() && !end.foldComplete(s)) {
            idle.pause();
        }
        if (!stopped()) {
            folding.lastFolded(s);
        }
    }

    /**
     * Worker {@code t}, when no chunk of step {@code s} is left to take: takes blocks of the step's
     * last fold and of its update as they open, until the update's are all taken or the step ends.
     */
    private void helpFinish(int t, int s) {
        Idle idle = idles[t];
        idle.reset();
        while (!stopped() && step == s) {
            if (end.updateOpen(s)) {
                end.updateBlocks(s);
                return;
            }
            if (end.foldOpen(s)) {
                end.foldBlocks(s);
            }
            idle.pause();
        }
    }

    /**
     * Folds chunk {@code k}, whose gradient is in {@code g}, if it is its turn; otherwise parks it
     * if chunks are left to take, waiting for a parking buffer if all are taken (or for its turn,
     * whichever comes first). Leaves {@code g} zero. The last chunk, and a worker's ({@code t >
     * 0}) when no chunk is left to take, is handed over instead ({@link ChunkFolding#handOver}):
     * {@code g} stays as it is until its thread's next chunk (a later step's).
     */
    private void finish(int t, Object g, int k, int s) {
        if (k == chunks - 1 || t > 0 && !chunksLeft(s)) {
            // no chunk of step s can be taken any more, so this model computes nothing more in it;
            // the last chunk is folded where it is by all threads together (awaitFolds)
            handedOver[t] = t > 0;
            folding.handOver(g, k, s);
            return;
        }
        Idle idle = idles[t];
        idle.reset();
        while (!stopped()) {
            if (folding.isTurn(s, k)) {
                folding.foldInTurn(k, g, s, idle);
                return;
            }
            // parked only while chunks are left to take: a copy of the gradient that frees this
            // thread's model for one of them (with none left, waiting for the turn costs nothing)
            if (chunksLeft(s) && folding.park(g, k, s)) {
                return;
            }
            folding.foldIfParked();
            idle.pause();
        }
    }

    /** Whether a chunk of step {@code s} is still to be taken. */
    private boolean chunksLeft(int s) {
        long taken = ticket.get();
        return (int) (taken >>> 32) == s && (int) taken < chunks;
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
                    helpFinish(t, seen);
                } catch (Throwable e) {
                    fail(e);
                }
            }
        }
    }
}
