package io.chainrule.spark;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.data.Scaler;
import io.chainrule.train.ChunkComputer;
import io.chainrule.train.ChunkFolder;
import io.chainrule.train.GradientHealth;
import io.chainrule.train.TrainerConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel training on Spark: the trainer on the driver hands each minibatch of
 * more than one chunk here; one Spark job computes its chunks on the executors (task {@code t} of
 * {@code n} the chunks {@code t * chunks / n ..} of the batch, each from zero with the generated
 * backward pass and the parameters the driver broadcast for this step), and the driver folds them
 * in chunk order ({@link ChunkFolder}), so the weights are the same bits as on one machine with
 * any number of threads. The training set is broadcast once, when training opens.
 *
 * <p>Per step the driver sends the parameters (one broadcast) and the batch's example indices (in
 * the tasks), and receives every chunk's gradient: {@code 4 * parameters * chunks} bytes for a
 * float model, plus the losses.
 */
final class SyncChunks implements ChunkComputer {
    private final JavaSparkContext context;
    private final int tasks;
    private final String id = UUID.randomUUID().toString();
    private Model model;
    private int chunkSize;
    private Broadcast<TrainingData> data;
    private Broadcast<ModelSpec> spec;
    private final StepStats stats = new StepStats();

    /** Jobs of at most {@code tasks} tasks on {@code context}. */
    SyncChunks(JavaSparkContext context, int tasks) {
        this.context = context;
        this.tasks = tasks;
    }

    /** What the last steps cost: jobs, time in jobs, bytes of gradients received. */
    StepStats stats() {
        return stats;
    }

    @Override
    public void open(Model model, io.chainrule.data.Dataset train, TrainerConfig config) {
        this.model = model;
        this.chunkSize = config.chunkSize();
        this.data = context.broadcast(TrainingData.of(train));
        this.spec = context.broadcast(ModelSpec.of(model, Scaler.NONE));
    }

    @Override
    public void computeChunks(int[] order, int from, int to, ChunkFolder folder) {
        long start = System.nanoTime();
        int chunks = folder.chunks();
        int n = Math.min(tasks, chunks);
        int[] batch = Arrays.copyOfRange(order, from, to);
        Broadcast<Object> parameters = context.broadcast(ModelSpec.copyParameters(model));
        List<Integer> slots = new ArrayList<Integer>();
        for (int t = 0; t < n; t++) {
            slots.add(t);
        }
        String training = id;
        int size = chunkSize;
        Broadcast<TrainingData> d = data;
        Broadcast<ModelSpec> s = spec;
        List<Chunks> results;
        try {
            results = context.parallelize(slots, n).map(t -> compute(training, s.value(), d.value(),
                    parameters.value(), batch, size, t * chunks / n, (t + 1) * chunks / n, chunks)).collect();
        } finally {
            parameters.destroy(false);
        }
        long bytes = 0;
        for (Chunks c : results) {
            for (int k = 0; k < c.losses.length; k++) {
                if (c.gradients[k] instanceof float[][]) {
                    folder.add((float[][]) c.gradients[k], c.losses[k]);
                    bytes += 4L * model.parameterCount();
                } else {
                    folder.add((double[][]) c.gradients[k], c.losses[k]);
                    bytes += 8L * model.parameterCount();
                }
            }
            if (c.lastOutputNorms != null) {
                folder.lastOutputNorms(c.lastOutputNorms);
            }
        }
        stats.add(System.nanoTime() - start, bytes);
    }

    /** On an executor: the chunks {@code first .. end} of the batch, each from zero gradients. */
    private static Chunks compute(String training, ModelSpec spec, TrainingData data, Object parameters, int[] batch,
            int chunkSize, int first, int end, int chunks) {
        Model m = ExecutorModels.get(training, spec);
        ModelSpec.setParameters(m, parameters);
        Chunks out = new Chunks(end - first);
        for (int k = first; k < end; k++) {
            int a = k * chunkSize;
            int b = Math.min(a + chunkSize, batch.length);
            m.zeroGradients();
            double loss;
            if (m instanceof FloatModel) {
                FloatModel f = (FloatModel) m;
                loss = data.labels != null
                        ? f.lossAndGradientBatch(data.floatFeatures, data.featureCount, batch, a, b, data.labels)
                        : f.lossAndGradientBatch(data.floatFeatures, data.featureCount, batch, a, b, data.floatTargets,
                                data.targetSize);
            } else {
                DoubleModel f = (DoubleModel) m;
                loss = data.labels != null
                        ? f.lossAndGradientBatch(data.doubleFeatures, data.featureCount, batch, a, b, data.labels)
                        : f.lossAndGradientBatch(data.doubleFeatures, data.featureCount, batch, a, b,
                                data.doubleTargets, data.targetSize);
            }
            out.losses[k - first] = loss;
            out.gradients[k - first] = ModelSpec.copyGradients(m);
            if (k == chunks - 1) {
                GradientHealth health = GradientHealth.of(m);
                out.lastOutputNorms = new double[m.layerCount() + 1];
                for (int l = 1; l <= m.layerCount(); l++) {
                    out.lastOutputNorms[l] = health.outputGradientNorm(l);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (data != null) {
            data.destroy(false);
            spec.destroy(false);
        }
    }

    /** The chunks one task computed: gradients ({@code float[][]} or {@code double[][]}) and loss sums. */
    static final class Chunks implements Serializable {
        private static final long serialVersionUID = 1L;

        final Object[] gradients;
        final double[] losses;
        double[] lastOutputNorms;

        Chunks(int count) {
            gradients = new Object[count];
            losses = new double[count];
        }
    }

    /** Jobs run, nanoseconds in them, gradient bytes received. */
    static final class StepStats {
        long jobs;
        long nanos;
        long bytes;

        void add(long jobNanos, long jobBytes) {
            jobs++;
            nanos += jobNanos;
            bytes += jobBytes;
        }
    }
}
