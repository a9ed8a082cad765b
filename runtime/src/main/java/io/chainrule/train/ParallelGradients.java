package io.chainrule.train;

import io.chainrule.Model;
import io.chainrule.data.Dataset;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data-parallel part of a {@link TrainingSession} with {@code n > 1} threads: the minibatch
 * {@code order[from .. to)} is cut into {@code parts = min(n, to - from)} contiguous parts of
 * (nearly) equal size; the training thread computes part 0 on the trained model, worker k part k
 * on its replica (after copying the trained model's weights into it). Then the summed, scaled
 * gradient {@code g = (g0 + g1 + ... + g(parts-1)) / count} is formed in that order, element by
 * element, so the result does not depend on which thread finishes first; every thread reduces a
 * fixed slice of the parameter arrays and its slice's squared norm. The training thread then
 * checks, clips and steps the trained model alone.
 *
 * <p>Per step the threads meet at three barriers (parts published, parts computed, gradient
 * reduced); nothing allocates. The workers are started once, when the session opens, and stopped by
 * {@link #close()}, which the trainer calls in a {@code finally}.
 */
final class ParallelGradients {
    private static final AtomicInteger TRAININGS = new AtomicInteger();

    private final TrainingSession[] sessions;
    private final int threads;
    /** Thread k reduces parameter arrays {@code sliceStart[k] .. sliceStart[k + 1]}. */
    private final int[] sliceStart;
    private final SpinBarrier barrier;
    private final Thread[] workers;
    private final double[] losses;
    private final double[] squaredNorms;
    private final Throwable[] failures;
    // the current step, written by the training thread before the first barrier
    private int from;
    private int count;
    private int parts;
    private double factor;

    private ParallelGradients(TrainingSession[] sessions, int[] arrayLengths) {
        this.sessions = sessions;
        this.threads = sessions.length;
        this.sliceStart = slices(arrayLengths, threads);
        this.barrier = new SpinBarrier(threads);
        this.losses = new double[threads];
        this.squaredNorms = new double[threads];
        this.failures = new Throwable[threads];
        this.workers = new Thread[threads];
        barrier.register(0, Thread.currentThread());
        int training = TRAININGS.incrementAndGet();
        for (int k = 1; k < threads; k++) {
            Thread t = new Thread(new Worker(k), "chainrule-trainer-" + training + "-worker-" + k);
            t.setDaemon(true);
            workers[k] = t;
            barrier.register(k, t);
        }
        try {
            for (int k = 1; k < threads; k++) {
                workers[k].start();
            }
        } catch (RuntimeException | Error e) {
            // could not start them all (out of memory or threads): stop those that did start
            barrier.breakBarrier();
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
    static ParallelGradients start(TrainingSession primary, Dataset train, TrainerConfig config,
            int[] arrayLengths) {
        int threads = config.threads();
        TrainingSession[] sessions = new TrainingSession[threads];
        sessions[0] = primary;
        Model[] replicas = new Model[threads];
        replicas[0] = primary.model;
        for (int k = 1; k < threads; k++) {
            replicas[k] = replica(primary.model, config, arrayLengths, replicas, k);
            sessions[k] = TrainingSession.openReplica(replicas[k], train, config, primary);
        }
        return new ParallelGradients(sessions, arrayLengths);
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

    /** Cuts the arrays into {@code threads} runs of consecutive arrays with about equal element counts. */
    static int[] slices(int[] arrayLengths, int threads) {
        long total = 0;
        for (int length : arrayLengths) {
            total += length;
        }
        int[] start = new int[threads + 1];
        long sum = 0;
        int k = 1;
        for (int a = 0; a < arrayLengths.length && k < threads; a++) {
            // array a begins slice k once the arrays before it hold k/threads of the elements
            while (k < threads && sum * threads >= total * k) {
                start[k++] = a;
            }
            sum += arrayLengths[a];
        }
        while (k <= threads) {
            start[k++] = arrayLengths.length;
        }
        return start;
    }

    /** Number of parts a batch of {@code count} examples is cut into. */
    int parts(int count) {
        return Math.min(threads, count);
    }

    /** The first position of part {@code k} of the current step. */
    private int partStart(int k) {
        return from + (int) ((long) count * k / parts);
    }

    /**
     * Computes the gradient of the batch {@code order[from .. to)} in parts (which must be at least
     * 2) and leaves {@code (g0 + ... + g(parts-1)) / (to - from)} in the trained model's gradients.
     * Call on the training thread. Allocates nothing.
     *
     * @return the sum of the examples' losses (part by part)
     */
    double accumulateAndReduce(int from, int to) {
        this.from = from;
        this.count = to - from;
        this.parts = parts(count);
        this.factor = 1.0 / count;
        barrier.await();
        losses[0] = sessions[0].accumulate(partStart(0), partStart(1));
        barrier.await();
        rethrowFailure();
        squaredNorms[0] = sessions[0].reduceGradients(sessions, parts, sliceStart[0], sliceStart[1], factor);
        barrier.await();
        rethrowFailure();
        double loss = 0;
        for (int k = 0; k < parts; k++) {
            loss += losses[k];
        }
        return loss;
    }

    /** The squared norm of the gradient left by the last {@link #accumulateAndReduce}, slice by slice. */
    double squaredNorm() {
        double sum = 0;
        for (int k = 0; k < threads; k++) {
            sum += squaredNorms[k];
        }
        return sum;
    }

    /** The model that computed the last example of the last step (whose {@code dL/dh} that step ends with). */
    Model lastPartModel() {
        return sessions[parts - 1].model;
    }

    /** The worker threads (index 0 is null: the training thread's part). */
    Thread[] workers() {
        return workers.clone();
    }

    /** Stops the workers and waits for them to end. Idempotent. */
    void close() {
        barrier.breakBarrier();
        boolean interrupted = false;
        for (int k = 1; k < threads; k++) {
            while (true) {
                try {
                    workers[k].join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrowFailure() {
        for (int k = 1; k < threads; k++) {
            Throwable t = failures[k];
            if (t != null) {
                if (t instanceof RuntimeException) {
                    throw (RuntimeException) t;
                }
                if (t instanceof Error) {
                    throw (Error) t;
                }
                throw new IllegalStateException("worker thread " + k + " failed", t);
            }
        }
    }

    /** Worker k: computes part k, then reduces slice k, step after step until the barrier breaks. */
    private final class Worker implements Runnable {
        private final int k;

        Worker(int k) {
            this.k = k;
        }

        @Override
        public void run() {
            TrainingSession session = sessions[k];
            while (barrier.await()) {
                try {
                    if (k < parts) {
                        session.pullParameters(sessions[0]);
                        losses[k] = session.accumulate(partStart(k), partStart(k + 1));
                    }
                } catch (Throwable t) {
                    failures[k] = t;
                }
                if (!barrier.await()) {
                    return;
                }
                try {
                    squaredNorms[k] = sessions[0].reduceGradients(sessions, parts, sliceStart[k], sliceStart[k + 1],
                            factor);
                } catch (Throwable t) {
                    failures[k] = t;
                }
                if (!barrier.await()) {
                    return;
                }
            }
        }
    }
}
