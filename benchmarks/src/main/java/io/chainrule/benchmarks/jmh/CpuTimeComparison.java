package io.chainrule.benchmarks.jmh;

import io.chainrule.CodeShape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The JMH benchmarks' operations timed in <em>thread CPU time</em>, for a machine shared with
 * other work: JMH measures wall-clock time, which on a 2-core machine at load 10 is mostly the
 * time the thread waits for a core. Variants run interleaved (round-robin, after a warm-up), and
 * the median and lowest ns per operation of the rounds are printed.
 *
 * <pre>
 * java -cp benchmarks/target/chainrule-benchmarks.jar io.chainrule.benchmarks.jmh.CpuTimeComparison p4|p1|activations|shapes [rounds]
 * </pre>
 */
public final class CpuTimeComparison {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static double sink;

    private CpuTimeComparison() {
    }

    public static void main(String[] args) {
        String set = args.length > 0 ? args[0] : "p4";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, DoubleSupplier> variants = new LinkedHashMap<>();
        long targetNanos = 50_000_000L;
        switch (set) {
            case "p4":
                p4(variants);
                break;
            case "p1":
                p1(variants);
                break;
            case "activations":
                activations(variants);
                break;
            case "shapes":
                shapes(variants);
                break;
            default:
                throw new IllegalArgumentException("unknown set " + set);
        }
        run(variants, rounds, targetNanos);
    }

    private static void p4(Map<String, DoubleSupplier> variants) {
        TinyInferenceBenchmark bench = new TinyInferenceBenchmark();
        TinyInferenceBenchmark.Inputs in = new TinyInferenceBenchmark.Inputs();
        in.setUp();
        for (CodeShape shape : new CodeShape[] {CodeShape.LOOPS, CodeShape.UNROLLED}) {
            TinyInferenceBenchmark.ChainruleFloat f = new TinyInferenceBenchmark.ChainruleFloat();
            f.shape = shape;
            f.setUp();
            variants.put("P4 float " + shape, () -> bench.p4Float(in, f));
            TinyInferenceBenchmark.ChainruleDouble d = new TinyInferenceBenchmark.ChainruleDouble();
            d.shape = shape;
            d.setUp();
            variants.put("P4 double " + shape, () -> bench.p4Double(in, d));
        }
        TinyInferenceBenchmark.ReferenceFloat rf = new TinyInferenceBenchmark.ReferenceFloat();
        rf.setUp();
        variants.put("P4 reference float", () -> bench.p4FloatReference(in, rf));
        TinyInferenceBenchmark.ReferenceDouble rd = new TinyInferenceBenchmark.ReferenceDouble();
        rd.setUp();
        variants.put("P4 reference double", () -> bench.p4DoubleReference(in, rd));
    }

    private static void p1(Map<String, DoubleSupplier> variants) {
        DigitsBenchmark bench = new DigitsBenchmark();
        for (String system : new String[] {Systems.CHAINRULE_LOOPS, Systems.REFERENCE}) {
            DigitsBenchmark.FloatRun f = new DigitsBenchmark.FloatRun();
            f.system = system;
            f.setUp();
            variants.put("P1 epoch float " + system, () -> bench.p1Float(f));
            DigitsBenchmark.DoubleRun d = new DigitsBenchmark.DoubleRun();
            d.system = system;
            d.setUp();
            variants.put("P1 epoch double " + system, () -> bench.p1Double(d));
        }
    }

    private static void activations(Map<String, DoubleSupplier> variants) {
        ActivationBenchmark b = new ActivationBenchmark();
        b.setUp();
        variants.put("8 tanh: Activations.tanh", b::tanhActivations);
        variants.put("8 float tanh: Activations.tanh(float)", b::tanhActivationsFloat);
        variants.put("8 float tanh: (float) Activations.tanh(double)", b::tanhActivationsDoubleRounded);
        variants.put("8 tanh: Math.exp formula", b::tanhMathExp);
        variants.put("8 tanh: StrictMath.exp formula", b::tanhStrictMathExp);
        variants.put("8 tanh: Math.tanh", b::tanhMath);
        variants.put("8 tanh: StrictMath.tanh", b::tanhStrictMath);
        variants.put("8 exp: Activations.exp", b::expActivations);
        variants.put("8 exp: Math.exp", b::expMath);
        variants.put("8 exp: StrictMath.exp", b::expStrictMath);
    }

    private static void shapes(Map<String, DoubleSupplier> variants) {
        for (String network : new String[] {"4-8-3", "8-8-8-8"}) {
            for (CodeShape shape : new CodeShape[] {CodeShape.LOOPS, CodeShape.UNROLLED}) {
                ShapeThresholdBenchmark b = new ShapeThresholdBenchmark();
                b.network = network;
                b.shape = shape;
                b.setUp();
                variants.put(network + " " + shape + " predict", b::predict);
                variants.put(network + " " + shape + " lossAndGradient", b::lossAndGradient);
            }
        }
    }

    private static void run(Map<String, DoubleSupplier> variants, int rounds, long targetNanos) {
        // warm-up, and calibration: calls per round so that one round takes about targetNanos
        Map<String, Long> calls = new LinkedHashMap<>();
        for (int w = 0; w < 3; w++) {
            for (Map.Entry<String, DoubleSupplier> v : variants.entrySet()) {
                long n = 16;
                long spent;
                do {
                    n *= 2;
                    spent = time(v.getValue(), n);
                } while (spent < targetNanos / 4);
                calls.put(v.getKey(), Math.max(1, n * targetNanos / Math.max(1, spent)));
            }
        }
        Map<String, List<Double>> perCall = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, DoubleSupplier> v : variants.entrySet()) {
                long n = calls.get(v.getKey());
                perCall.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((double) time(v.getValue(), n) / n);
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d rounds of about %d ms CPU each, interleaved%n",
                System.getProperty("java.vm.version"), rounds, targetNanos / 1_000_000);
        System.out.printf(Locale.ROOT, "%-40s %14s %14s%n", "variant", "median ns/op", "min ns/op");
        for (Map.Entry<String, List<Double>> e : perCall.entrySet()) {
            double[] values = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(values);
            System.out.printf(Locale.ROOT, "%-40s %14.1f %14.1f%n", e.getKey(), values[values.length / 2], values[0]);
        }
        if (sink == 42.4242) {
            System.out.println();
        }
    }

    private static long time(DoubleSupplier op, long n) {
        double s = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        for (long i = 0; i < n; i++) {
            s += op.getAsDouble();
        }
        long spent = THREADS.getCurrentThreadCpuTime() - start;
        sink += s;
        return spent;
    }
}
