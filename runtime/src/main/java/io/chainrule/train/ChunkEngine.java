package io.chainrule.train;

/**
 * How a {@link TrainingSession} gets the gradient of a minibatch of two or more chunks
 * ({@link TrainerConfig#chunkSize()} examples each, the last one shorter): chunk {@code k} of the
 * batch {@code order[from .. to)} is {@code order[from + k * chunkSize .. min(from + (k + 1) *
 * chunkSize, to))}, its gradient is computed from zero by the model's batched path, and the
 * chunks' gradients are folded in chunk order by {@link ChunkFolds}. The trainer's own threads
 * ({@link ParallelGradients}) and a {@link ChunkComputer} ({@link RemoteChunks}) compute the same
 * bits.
 */
abstract class ChunkEngine {
    /**
     * Leaves the mean gradient of the batch {@code order[from .. to)} ({@code to - from} greater
     * than the chunk size) in the trained model's gradient arrays, folded in chunk order.
     *
     * @return the sum of the chunks' loss sums, added in chunk order
     */
    abstract double compute(int from, int to);

    /**
     * The optimizer's step on the gradient the last {@link #compute} left, scaled by {@code clip}
     * first (1: not clipped), if this engine's threads take part in it; false if they do not (the
     * caller then steps on its own thread; the same bits either way).
     */
    boolean step(Optimizer optimizer, double learningRate, int globalStep, double clip) {
        return false;
    }

    /** The squared norm of the gradient the last {@link #compute} left, as {@link ChunkFolds} sums it. */
    abstract double squaredNorm();

    /** Writes the per-layer norms of {@code dL/dh} of the last {@link #compute}'s last example. */
    abstract void measureOutputs(double[] outputNorms);

    /** Releases threads or other resources. Idempotent. */
    abstract void close();
}
