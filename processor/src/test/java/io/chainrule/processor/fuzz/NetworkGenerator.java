package io.chainrule.processor.fuzz;

import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.fuzz.FuzzNetwork.Entry;
import io.chainrule.processor.spec.Limits;
import java.util.List;
import java.util.Random;

/**
 * Random {@code @Network} values: valid networks, mostly small so that a case compiles fast, with
 * a tail of big ones near the limits; and mutations that give each documented error.
 */
final class NetworkGenerator {
    private static final Activation[] ACTIVATIONS = Activation.values();
    private static final Loss[] LOSSES = Loss.values();

    private NetworkGenerator() {
    }

    /** A small valid network (a few layers of a few units, sometimes residual or repeated). */
    static FuzzNetwork small(Random r) {
        FuzzNetwork n = new FuzzNetwork();
        n.loss = pick(r, LOSSES);
        n.precision = r.nextBoolean() ? Precision.FLOAT : Precision.DOUBLE;
        n.shape = pick(r, CodeShape.values());
        n.inputs = size(r);
        int entries = 1 + (r.nextDouble() < 0.8 ? r.nextInt(3) : r.nextInt(7));
        for (int e = 0; e < entries; e++) {
            boolean output = e == entries - 1;
            Entry entry = new Entry(output ? outputUnits(r, n.loss) : size(r), output ? outputActivation(r, n.loss)
                    : pick(r, ACTIVATIONS));
            if (!output && r.nextDouble() < 0.15) {
                entry.repeat = r.nextDouble() < 0.9 ? 2 + r.nextInt(4) : 5 + r.nextInt(40);
            }
            n.entries.add(entry);
        }
        if (n.shape == CodeShape.UNROLLED && r.nextDouble() < 0.8) {
            // unrolled code takes javac long: keep most unrolled networks tiny
            n.inputs = Math.min(n.inputs, 1 + r.nextInt(10));
            for (Entry e : n.entries) {
                e.units = Math.min(e.units, Math.max(1 + r.nextInt(10), e == n.entries.get(entries - 1) ? 2 : 1));
                e.repeat = Math.min(e.repeat, 3);
            }
        }
        addSkips(r, n, 0.3);
        return n;
    }

    /** Residual connections on a fraction of the entries, with projections where widths differ. */
    static void addSkips(Random r, FuzzNetwork n, double probability) {
        int first = 1;
        for (Entry e : n.entries) {
            if (r.nextDouble() < probability) {
                int reach = Math.min(first, 3);
                e.skip = r.nextDouble() < 0.15 ? first : 1 + r.nextInt(reach);
                e.projection = r.nextDouble() < 0.15;
            }
            first += Math.max(e.repeat, 1);
        }
        repairSkips(n);
    }

    /** Sets {@code projection} where a skip would join different widths. */
    static void repairSkips(FuzzNetwork n) {
        if (n.declaredLayers() > Limits.MAX_LAYERS) {
            return;
        }
        List<FuzzNetwork.Layer> layers = n.expanded();
        int l = 1;
        for (Entry e : n.entries) {
            for (int rep = 0; rep < Math.max(e.repeat, 1); rep++, l++) {
                if (e.skip > 0 && e.skip <= l && n.width(layers, l - e.skip) != e.units) {
                    e.projection = true;
                }
            }
        }
    }

    /** A valid network near a limit, or just big. */
    static FuzzNetwork big(Random r) {
        FuzzNetwork n = new FuzzNetwork();
        n.loss = pick(r, LOSSES);
        n.precision = r.nextBoolean() ? Precision.FLOAT : Precision.DOUBLE;
        n.inputs = 1 + r.nextInt(16);
        int kind = r.nextInt(5);
        if (kind == 0) {
            // deep: up to the layer limit, plain or residual
            int width = 1 + r.nextInt(r.nextBoolean() ? 4 : 16);
            int depth = r.nextDouble() < 0.3 ? Limits.MAX_LAYERS : 100 + r.nextInt(Limits.MAX_LAYERS - 100);
            n.shape = pick(r, new CodeShape[] {CodeShape.AUTO, CodeShape.AUTO, CodeShape.LOOPS});
            Activation a = pick(r, ACTIVATIONS);
            n.entries.add(new Entry(width, a));
            Entry middle = new Entry(width, a);
            middle.repeat = depth - 2;
            middle.skip = r.nextDouble() < 0.7 ? 1 : 0;
            n.entries.add(middle);
            n.entries.add(new Entry(outputUnits(r, n.loss), outputActivation(r, n.loss)));
            if (r.nextBoolean()) {
                n.entries.get(2).skip = 1 + r.nextInt(2);
                repairSkips(n);
            }
        } else if (kind == 1) {
            // one unrolled layer at (or just under) the per-layer limit
            n.shape = CodeShape.UNROLLED;
            int[][] shapes = {{128, 128}, {64, 256}, {256, 64}, {16384, 1}, {1, 16384}, {127, 129}, {100, 163}};
            int[] s = pick(r, shapes);
            n.inputs = s[0];
            n.entries.add(new Entry(s[1], pick(r, ACTIVATIONS)));
            n.entries.add(new Entry(outputUnits(r, n.loss), outputActivation(r, n.loss)));
            if ((long) s[1] * n.entries.get(1).units > Limits.MAX_UNROLLED_MACS) {
                n.entries.get(1).units = Math.max(n.loss.takesClassIndex() && n.loss != Loss.SIGMOID_CROSS_ENTROPY ? 2 : 1,
                        Limits.MAX_UNROLLED_MACS / s[1]);
            }
        } else if (kind == 2) {
            // an unrolled network at the network limit: 4 layers of 128 x 128 minus the head
            n.shape = CodeShape.UNROLLED;
            n.inputs = 128;
            n.entries.add(new Entry(128, pick(r, ACTIVATIONS)));
            Entry e = new Entry(128, pick(r, ACTIVATIONS));
            e.repeat = 2;
            e.skip = r.nextBoolean() ? 1 : 0;
            n.entries.add(e);
            int head = n.loss == Loss.SOFTMAX_CROSS_ENTROPY || n.loss == Loss.MULTICLASS_HINGE ? 2 + r.nextInt(127)
                    : 1 + r.nextInt(128);
            n.entries.add(new Entry(head, outputActivation(r, n.loss)));
        } else if (kind == 3) {
            // parameters at the limit, compiled but never instantiated
            n.shape = pick(r, new CodeShape[] {CodeShape.AUTO, CodeShape.LOOPS});
            n.loss = Loss.MEAN_SQUARED_ERROR;
            if (r.nextBoolean()) {
                n.inputs = 18_046_080; // (18,046,080 + 1) x 119 = 2,147,483,639 = Limits.MAX_PARAMETERS exactly
                n.entries.add(new Entry(119, pick(r, ACTIVATIONS)));
            } else {
                n.inputs = 40_000 + r.nextInt(6_000);
                n.entries.add(new Entry(40_000, pick(r, ACTIVATIONS)));
                n.entries.add(new Entry(1 + r.nextInt(3), Activation.IDENTITY));
            }
        } else {
            // wide loops: a few hundred units, many parameters but quick to compile
            n.shape = pick(r, new CodeShape[] {CodeShape.AUTO, CodeShape.LOOPS});
            n.inputs = 100 + r.nextInt(800);
            n.entries.add(new Entry(100 + r.nextInt(400), pick(r, ACTIVATIONS)));
            Entry e = new Entry(100 + r.nextInt(400), pick(r, ACTIVATIONS));
            e.skip = r.nextBoolean() ? 1 + r.nextInt(2) : 0;
            n.entries.add(e);
            n.entries.add(new Entry(outputUnits(r, n.loss), outputActivation(r, n.loss)));
            repairSkips(n);
        }
        return n;
    }

    /** Sizes: mostly 1..8, sometimes up to 40. */
    static int size(Random r) {
        double p = r.nextDouble();
        return p < 0.7 ? 1 + r.nextInt(8) : p < 0.95 ? 1 + r.nextInt(20) : 1 + r.nextInt(40);
    }

    static int outputUnits(Random r, Loss loss) {
        int units = 1 + r.nextInt(r.nextDouble() < 0.8 ? 4 : 12);
        return (loss == Loss.SOFTMAX_CROSS_ENTROPY || loss == Loss.MULTICLASS_HINGE) ? Math.max(units, 2) : units;
    }

    static Activation outputActivation(Random r, Loss loss) {
        if (loss == Loss.MEAN_SQUARED_ERROR) {
            return pick(r, ACTIVATIONS);
        }
        if (r.nextDouble() < 0.85) {
            return Activation.IDENTITY;
        }
        Activation a = pick(r, ACTIVATIONS);
        return a == Activation.SIGMOID && loss == Loss.SIGMOID_CROSS_ENTROPY ? Activation.IDENTITY : a;
    }

    /**
     * Makes {@code n} invalid with one documented error of the network values; returns what it did,
     * or null if this mutation does not apply to {@code n}.
     */
    static String breakValues(Random r, FuzzNetwork n) {
        if (n.entries.isEmpty()) {
            n.inputs = 0;
            return "inputs < 1";
        }
        int last = n.entries.size() - 1;
        Entry any = n.entries.get(r.nextInt(n.entries.size()));
        switch (r.nextInt(14)) {
            case 0:
                n.inputs = pick(r, new int[] {0, -1, -7, Integer.MIN_VALUE});
                return "inputs < 1";
            case 1:
                any.units = pick(r, new int[] {0, -1, -100, Integer.MIN_VALUE});
                return "units < 1";
            case 2:
                any.repeat = pick(r, new int[] {0, -1, Integer.MIN_VALUE});
                return "repeat < 1";
            case 3:
                any.skip = pick(r, new int[] {-1, -2, Integer.MIN_VALUE});
                return "skip < 0";
            case 4: {
                int first = firstLayer(n, any);
                any.skip = r.nextDouble() < 0.2 ? Integer.MAX_VALUE : first + 1 + r.nextInt(3);
                return "skip before the input";
            }
            case 5: {
                int first = firstLayer(n, any);
                List<FuzzNetwork.Layer> layers = n.expanded();
                int skip = 1 + r.nextInt(first);
                if (n.width(layers, first - skip) == any.units) {
                    return null;
                }
                any.skip = skip;
                any.projection = false;
                return "skip widths differ";
            }
            case 6:
                any.skip = 0;
                any.projection = true;
                return "projection without skip";
            case 7:
                n.entries.clear();
                return "no layers";
            case 8:
                n.loss = r.nextBoolean() ? Loss.SOFTMAX_CROSS_ENTROPY : Loss.MULTICLASS_HINGE;
                n.entries.get(last).units = 1;
                n.entries.get(last).skip = 0;
                n.entries.get(last).projection = false;
                return "softmax or hinge on one output";
            case 9:
                n.loss = Loss.SIGMOID_CROSS_ENTROPY;
                n.entries.get(last).activation = Activation.SIGMOID;
                return "sigmoid output under SIGMOID_CROSS_ENTROPY";
            case 10:
                if (r.nextBoolean()) {
                    any.repeat = pick(r, new int[] {Limits.MAX_LAYERS + 1, 2000, Integer.MAX_VALUE});
                } else {
                    Entry e = new Entry(2, Activation.RELU);
                    e.repeat = Integer.MAX_VALUE;
                    n.entries.add(0, e.copy());
                    n.entries.add(0, e);
                }
                return "too many layers";
            case 11: {
                int variant = r.nextInt(4);
                if (variant == 0) {
                    // the overflow of the hardening issue: {units = Integer.MAX_VALUE, RELU, repeat = 3}, {1 IDENTITY}
                    Entry e = new Entry(Integer.MAX_VALUE, Activation.RELU);
                    e.repeat = 2 + r.nextInt(3);
                    e.unitsText = "Integer.MAX_VALUE";
                    n.entries.add(0, e);
                } else if (variant == 1) {
                    n.inputs = 18_046_081; // one input more than the exact limit: 2,147,483,758 parameters
                    n.entries.clear();
                    n.entries.add(new Entry(119, Activation.IDENTITY));
                    n.loss = Loss.MEAN_SQUARED_ERROR;
                } else if (variant == 2) {
                    n.inputs = 100_000 + r.nextInt(1_000_000);
                    any.units = 100_000 + r.nextInt(1_000_000);
                } else {
                    any.units = Integer.MAX_VALUE - r.nextInt(3);
                    any.skip = 0;
                }
                repairSkips(n);
                return "too many parameters";
            }
            case 12: {
                n.shape = CodeShape.UNROLLED;
                int variant = r.nextInt(4);
                n.entries.clear();
                if (variant == 0) {
                    n.inputs = 5;
                    n.entries.add(new Entry(3277, Activation.TANH)); // 16,385 multiply-adds
                } else if (variant == 1) {
                    // the second repeat is 130 x 130 = 16,900, the first only 10 x 130
                    n.inputs = 10;
                    Entry e = new Entry(130, Activation.TANH);
                    e.repeat = 2;
                    n.entries.add(e);
                } else if (variant == 2) {
                    // the projection from the 200 inputs into 200 units is 40,000 multiply-adds
                    n.inputs = 200;
                    n.entries.add(new Entry(1, Activation.TANH));
                    Entry e = new Entry(200, Activation.TANH);
                    e.skip = 2;
                    e.projection = true;
                    n.entries.add(e);
                } else {
                    n.inputs = 200 + r.nextInt(300);
                    n.entries.add(new Entry(100 + r.nextInt(200), Activation.RELU));
                }
                n.entries.add(new Entry(2, Activation.IDENTITY));
                if (n.loss == Loss.SIGMOID_CROSS_ENTROPY && n.entries.get(n.entries.size() - 1).activation == Activation.SIGMOID) {
                    n.loss = Loss.MEAN_SQUARED_ERROR;
                }
                return "UNROLLED layer too large";
            }
            default: {
                n.shape = CodeShape.UNROLLED;
                n.inputs = 128;
                n.entries.clear();
                Entry e = new Entry(128, Activation.TANH);
                e.repeat = 4 + r.nextInt(3);
                e.skip = r.nextBoolean() ? 1 : 0;
                n.entries.add(e);
                n.entries.add(new Entry(2, Activation.IDENTITY));
                return "UNROLLED network too large";
            }
        }
    }

    /** The 1-based layer index of the first layer of {@code entry}. */
    static int firstLayer(FuzzNetwork n, Entry entry) {
        int l = 1;
        for (Entry e : n.entries) {
            if (e == entry) {
                return l;
            }
            l += Math.max(e.repeat, 1);
        }
        throw new IllegalArgumentException();
    }

    /**
     * Makes a value of {@code n} erroneous in a way javac itself reports (an undefined constant,
     * a wrong type, a missing or unknown element); returns what it did.
     */
    static String erroneous(Random r, FuzzNetwork n) {
        n.erroneous = true;
        if (n.entries.isEmpty()) {
            n.inputsText = "NOT_DEFINED";
            return "inputs = NOT_DEFINED";
        }
        Entry any = n.entries.get(r.nextInt(n.entries.size()));
        switch (r.nextInt(12)) {
            case 0:
                n.inputsText = "NOT_DEFINED";
                return "inputs = NOT_DEFINED";
            case 1:
                n.lossText = "Loss.NOPE";
                return "loss = Loss.NOPE";
            case 2:
                any.activationText = "Activation.SWISH";
                return "activation = Activation.SWISH";
            case 3:
                any.unitsText = pick(r, new String[] {"\"4\"", "4L", "2.5", "null", "true"});
                return "units of the wrong type";
            case 4:
                n.inputsText = "1 / 0";
                return "inputs = 1 / 0 (not a constant)";
            case 5:
                n.omitted = pick(r, new String[] {"inputs", "layers", "loss"});
                return "missing " + n.omitted;
            case 6:
                n.extra = pick(r, new String[] {"foo = 1", "inputs = 3", "seed = 42L"});
                return "unknown or duplicate element";
            case 7:
                any.extra = pick(r, new String[] {"bias = false", "units = 3", "dropout = 0.5"});
                return "unknown or duplicate @Layer element";
            case 8:
                n.lossText = pick(r, new String[] {"null", "Activation.TANH", "0"});
                return "loss of the wrong type";
            case 9:
                any.skipText = pick(r, new String[] {"NOT_DEFINED", "1.0", "\"1\""});
                return "skip of the wrong type";
            case 10:
                n.nameLiteral = pick(r, new String[] {"null", "42", "NAME"});
                n.name = "?";
                return "name of the wrong type";
            default:
                any.repeatText = pick(r, new String[] {"Integer.MAX", "(int) Math.sqrt(4)", "new int[0].length"});
                return "repeat not a constant";
        }
    }

    static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    static int pick(Random r, int[] values) {
        return values[r.nextInt(values.length)];
    }
}
