package io.chainrule.train;

import io.chainrule.Model;
import io.chainrule.data.Dataset;

/**
 * Computes the chunks of minibatches somewhere other than the trainer's own threads, for example
 * on the executors of a cluster (the {@code chainrule-spark} module's synchronous trainer), while
 * the {@link Trainer} keeps everything else on the calling thread: shuffling, the loss and
 * gradient checks, clipping, the optimizer step, evaluation, early stopping, the listener. Pass
 * one to {@link Trainer#Trainer(TrainerConfig, ChunkComputer)}.
 *
 * <p>A batch of {@code to - from} examples, more than {@link TrainerConfig#chunkSize()}, is cut
 * into chunks of {@code chunkSize} consecutive positions of the epoch's order (the last one
 * shorter): chunk {@code k} is {@code order[from + k * chunkSize .. min(from + (k + 1) *
 * chunkSize, to))}. The computer computes each chunk's gradient from zero, with the parameters the
 * trained model holds when {@link #computeChunks} is called, by the model's batched path
 * ({@code lossAndGradientBatch}, which the generated models and {@link io.chainrule.FloatModel}
 * define to the last bit), and hands the chunks to the {@link ChunkFolder} in chunk order. The
 * folder adds them as the trainer's own threads do, so training gives the same bits with a
 * computer as with any number of threads. Batches of one chunk are computed by the trainer
 * itself.
 */
public interface ChunkComputer {
    /**
     * Called once per {@link Trainer#train} call, on the training thread, before the first step,
     * after the data sets have been checked.
     *
     * @param model the trained model (its class, architecture and parameters as training starts)
     * @param train the training set that {@code order} indexes
     * @param config the configuration (chunk size, batch size)
     */
    void open(Model model, Dataset train, TrainerConfig config);

    /**
     * Computes the chunks of the batch {@code order[from .. to)} with the trained model's current
     * parameters and passes each, in chunk order, to {@code folder}. Must not keep {@code order}:
     * the trainer reshuffles it in place every epoch.
     */
    void computeChunks(int[] order, int from, int to, ChunkFolder folder);

    /** Called once when training ends, normally or by an exception. */
    void close();
}
