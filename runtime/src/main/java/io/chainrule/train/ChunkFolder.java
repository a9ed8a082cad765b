package io.chainrule.train;

/**
 * Receives the chunks of one minibatch from a {@link ChunkComputer}, in chunk order, and folds
 * them into the trained model's gradient arrays as the trainer's own threads do: the sum in chunk
 * order, divided by the batch size.
 */
public final class ChunkFolder {
    private final TrainingSession session;
    private final int chunkSize;
    private final int[] arrayLengths;
    private final Object acc;
    private final double[] lastOutputNorms;
    private int chunks;
    private int received;
    private double factor;
    private double loss;
    private double squaredNorm;
    /** Each gradient array's squared norm after the last fold ({@link ChunkFolds#sum}). */
    private final double[] arrayNorms;
    private boolean outputNormsGiven;

    ChunkFolder(TrainingSession session, int chunkSize, int[] arrayLengths) {
        this.session = session;
        this.chunkSize = chunkSize;
        this.arrayLengths = arrayLengths;
        this.acc = session.newGradientBuffer();
        this.arrayNorms = new double[arrayLengths.length];
        this.lastOutputNorms = new double[session.model.layerCount() + 1];
    }

    /** Starts the batch of {@code count} examples. */
    void begin(int count) {
        this.chunks = (count + chunkSize - 1) / chunkSize;
        this.factor = 1.0 / count;
        this.received = 0;
        this.loss = 0;
        this.outputNormsGiven = false;
    }

    /** The number of chunks of the batch being folded. */
    public int chunks() {
        return chunks;
    }

    /** The number of chunks folded so far: the index of the chunk the next call must pass. */
    public int received() {
        return received;
    }

    /**
     * Folds the next chunk of a float model: its gradient arrays (shaped as the model's
     * {@code gradientArrays()}; not changed) and the sum of its examples' losses.
     *
     * @throws IllegalStateException if all chunks of the batch have been passed already
     * @throws IllegalArgumentException if the arrays are not shaped as the model's gradients
     */
    public void add(float[][] gradients, double lossSum) {
        if (!(session.gradientBuffer() instanceof float[][])) {
            throw new IllegalArgumentException("the trained model computes in double; pass double[][] gradients");
        }
        checkShape(gradients.length, gradients);
        fold(gradients, lossSum);
    }

    /** The double twin of {@link #add(float[][], double)}. */
    public void add(double[][] gradients, double lossSum) {
        if (!(session.gradientBuffer() instanceof double[][])) {
            throw new IllegalArgumentException("the trained model computes in float; pass float[][] gradients");
        }
        checkShape(gradients.length, gradients);
        fold(gradients, lossSum);
    }

    /**
     * The norms of {@code dL/dh} per layer (index 1 .. layer count, as {@link GradientHealth}
     * measures them) of the batch's last example, for the trainer's gradient health; optional (the
     * trainer reports zeros without them).
     */
    public void lastOutputNorms(double[] norms) {
        if (norms.length != lastOutputNorms.length) {
            throw new IllegalArgumentException("expected " + lastOutputNorms.length + " norms (index 0 unused), got "
                    + norms.length);
        }
        System.arraycopy(norms, 0, lastOutputNorms, 0, norms.length);
        outputNormsGiven = true;
    }

    private void checkShape(int count, Object gradients) {
        if (received >= chunks) {
            throw new IllegalStateException("the batch has " + chunks + " chunks, all of them folded already");
        }
        if (count != arrayLengths.length) {
            throw new IllegalArgumentException("chunk " + received + " has " + count + " gradient arrays, the model "
                    + arrayLengths.length);
        }
        for (int k = 0; k < count; k++) {
            int length = gradients instanceof float[][] ? ((float[][]) gradients)[k].length
                    : ((double[][]) gradients)[k].length;
            if (length != arrayLengths[k]) {
                throw new IllegalArgumentException("chunk " + received + ": gradient array " + k + " has " + length
                        + " elements, the model's " + arrayLengths[k]);
            }
        }
    }

    private void fold(Object gradients, double lossSum) {
        int k = received;
        if (k == 0) {
            session.foldFirst(acc, gradients, false);
            loss = lossSum;
        } else {
            loss += lossSum;
            if (k < chunks - 1) {
                session.foldAdd(acc, gradients, false);
            } else {
                // written into the trained model's gradient arrays, as the trainer's threads do
                session.foldLast(acc, gradients, factor, 0, arrayNorms.length, arrayNorms);
                squaredNorm = ChunkFolds.sum(arrayNorms);
            }
        }
        received = k + 1;
    }

    /** After the computer returned: the loss sum; throws unless every chunk was passed. */
    double end() {
        if (received != chunks) {
            throw new IllegalStateException("the chunk computer passed " + received + " of the batch's " + chunks
                    + " chunks");
        }
        return loss;
    }

    double squaredNorm() {
        return squaredNorm;
    }

    void measureOutputs(double[] outputNorms) {
        for (int l = 1; l < outputNorms.length; l++) {
            outputNorms[l] = outputNormsGiven ? lastOutputNorms[l] : 0;
        }
    }
}
