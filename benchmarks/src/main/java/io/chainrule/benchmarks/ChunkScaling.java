package io.chainrule.benchmarks;

import io.chainrule.benchmarks.data.SyntheticMnist;
import io.chainrule.data.Dataset;
import io.chainrule.train.GradientDescent;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Data-parallel training over chunks, measured so that a shared machine's load hits every
 * variant alike: workload P3 batch 32 (784-128-10 ReLU, float LOOPS, plain SGD lr 0.05), one
 * {@code Trainer.train} epoch over 4,096 examples from the same initial weights per measurement,
 * with every (chunk size, threads) variant in turn, round after round; prints each variant's
 * median examples per second and, per chunk size, the median of the per-round ratios of n threads
 * to 1 thread.
 *
 * <p>{@code --old DIR} adds the variants of another build of the runtime (its classes directory,
 * for example the fixed-halves trainer before chunks), loaded in a class loader of its own beside
 * this build's and measured in the same rounds (chunk size shown as {@code old}). {@code --burn}
 * runs a CPU-bound thread beside the measurement (another process's load, made repeatable).
 *
 * <pre>java -cp benchmarks/target/chainrule-benchmarks.jar io.chainrule.benchmarks.ChunkScaling
 *     [--rounds 15] [--chunks 8,16,32] [--threads 1,2] [--old DIR] [--old-chunks 8,16] [--burn]</pre>
 */
public final class ChunkScaling {
    static final int SLICE = 4096;
    private static final int WARM_UP_ROUNDS = 5;

    private ChunkScaling() {
    }

    /** One build's workload: the data, the model and its initial weights, and trainers by variant. */
    public static final class Workload {
        private final Dataset slice;
        private final MnistFloatLoops model = new MnistFloatLoops();
        private final float[][] initial;

        public Workload() {
            SyntheticMnist data = SyntheticMnist.generate();
            slice = Dataset.ofLabels(Arrays.copyOf(data.features, SLICE * SyntheticMnist.FEATURES),
                    SyntheticMnist.FEATURES, Arrays.copyOf(data.labels, SLICE), SyntheticMnist.CLASSES);
            model.initialize(42);
            initial = new float[model.parameterArrays().length][];
            for (int k = 0; k < initial.length; k++) {
                initial[k] = model.parameterArrays()[k].clone();
            }
        }

        /** Seconds for one epoch with {@code threads} threads and chunks of {@code chunk} (0: not set). */
        public double seconds(int chunk, int threads) throws ReflectiveOperationException {
            TrainerConfig.Builder builder = TrainerConfig.builder().threads(threads).epochs(1).batchSize(32).seed(5)
                    .optimizer(new GradientDescent()).learningRate(0.05);
            if (chunk > 0) {
                // by reflection: a build from before chunks has no such method
                Method chunkSize = TrainerConfig.Builder.class.getMethod("chunkSize", int.class);
                chunkSize.invoke(builder, chunk);
            }
            Trainer trainer = new Trainer(builder.build());
            for (int k = 0; k < initial.length; k++) {
                System.arraycopy(initial[k], 0, model.parameterArrays()[k], 0, initial[k].length);
            }
            long start = System.nanoTime();
            trainer.train(model, slice);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static final class Variant {
        final String build;
        final Object workload;
        final Method seconds;
        final int chunk;
        final int threads;
        final List<Double> speeds = new ArrayList<>();

        Variant(String build, Object workload, int chunk, int threads) throws ReflectiveOperationException {
            this.build = build;
            this.workload = workload;
            this.seconds = workload.getClass().getMethod("seconds", int.class, int.class);
            this.chunk = chunk;
            this.threads = threads;
        }

        double run() throws ReflectiveOperationException {
            return SLICE / (Double) seconds.invoke(workload, chunk, threads);
        }

        String name() {
            return build + " chunk " + (chunk == 0 ? "-" : Integer.toString(chunk)) + ", " + threads + " thread(s)";
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 15;
        int[] chunks = {8, 16, 32};
        int[] threads = {1, 2};
        String old = null;
        int[] oldChunks = {0};
        boolean burn = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--chunks": chunks = ints(args[++i]); break;
                case "--threads": threads = ints(args[++i]); break;
                case "--old": old = args[++i]; break;
                case "--old-chunks": oldChunks = ints(args[++i]); break;
                case "--burn": burn = true; break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Variant> variants = new ArrayList<>();
        Workload current = new Workload();
        for (int chunk : chunks) {
            for (int n : threads) {
                variants.add(new Variant("new", current, chunk, n));
            }
        }
        if (old != null) {
            // the other build's runtime and this build's benchmark classes, without this build's runtime
            URL benchmarks = Workload.class.getProtectionDomain().getCodeSource().getLocation();
            ClassLoader loader = new URLClassLoader(new URL[] {new File(old).toURI().toURL(), benchmarks},
                    ClassLoader.getPlatformClassLoader());
            Object workload = loader.loadClass(Workload.class.getName()).getConstructor().newInstance();
            for (int chunk : oldChunks) {
                for (int n : threads) {
                    variants.add(new Variant("old", workload, chunk, n));
                }
            }
        }
        if (burn) {
            Thread burner = new Thread(ChunkScaling::burn, "burner");
            burner.setDaemon(true);
            burner.start();
        }
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            for (Variant v : variants) {
                double speed = v.run();
                if (round >= 0) {
                    v.speeds.add(speed);
                }
            }
        }
        System.out.printf(Locale.ROOT, "P3 batch 32, %d rounds%s; examples/s (median, min..max)%n", rounds,
                burn ? ", a CPU-bound thread beside" : "");
        for (Variant v : variants) {
            double[] s = toArray(v.speeds);
            System.out.printf(Locale.ROOT, "  %-34s %8.0f  (%.0f .. %.0f)%n", v.name(), ThreadScaling.median(s),
                    ThreadScaling.min(s), ThreadScaling.max(s));
        }
        for (Variant v : variants) {
            if (v.threads == threads[0]) {
                continue;
            }
            for (Variant base : variants) {
                if (base.build.equals(v.build) && base.chunk == v.chunk && base.threads == threads[0]) {
                    double[] ratios = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        ratios[r] = v.speeds.get(r) / base.speeds.get(r);
                    }
                    System.out.printf(Locale.ROOT, "  %s / %d thread(s): median ratio %.2f (%.2f .. %.2f)%n", v.name(),
                            threads[0], ThreadScaling.median(ratios), ThreadScaling.min(ratios),
                            ThreadScaling.max(ratios));
                }
            }
        }
        if (old != null) {
            for (Variant v : variants) {
                if (v.build.equals("new")) {
                    for (Variant o : variants) {
                        if (o.build.equals("old") && o.threads == v.threads && (o.chunk == 0 || o.chunk == v.chunk)) {
                            double[] ratios = new double[rounds];
                            for (int r = 0; r < rounds; r++) {
                                ratios[r] = v.speeds.get(r) / o.speeds.get(r);
                            }
                            System.out.printf(Locale.ROOT, "  %s / old with %d thread(s): median ratio %.2f%n",
                                    v.name(), o.threads, ThreadScaling.median(ratios));
                        }
                    }
                }
            }
        }
    }

    private static volatile long sink;

    /** Another CPU-bound load: spins until the JVM exits. */
    private static void burn() {
        long x = 1;
        while (true) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink = x;
        }
    }

    private static int[] ints(String csv) {
        String[] parts = csv.split(",");
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Integer.parseInt(parts[i].trim());
        }
        return values;
    }

    private static double[] toArray(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
