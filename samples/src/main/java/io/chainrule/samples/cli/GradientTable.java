package io.chainrule.samples.cli;

import io.chainrule.train.GradientHealth;
import java.io.PrintWriter;
import java.util.List;

/**
 * Prints per-layer gradient norms, {@code |dL/dW|} and {@code |dL/dh|}, of one or more networks
 * side by side, with the ratio of the first layer's norm to the last layer's. Deep networks are
 * shortened: the first and last five layers and every tenth (hundredth, ...) layer between them.
 */
@DesktopOnly
final class GradientTable {
    /** Layers shown at each end of a long network. */
    private static final int ENDS = 5;

    private GradientTable() {
    }

    /** One table with a column pair per network; the networks must have the same number of layers. */
    static void print(PrintWriter out, List<String> labels, List<GradientHealth> healths) {
        int layers = healths.get(0).layerCount();
        StringBuilder names = new StringBuilder("          ");
        StringBuilder header = new StringBuilder("layer     ");
        for (String label : labels) {
            names.append(String.format("  %-21s", label));
            header.append("  |dL/dW|    |dL/dh|   ");
        }
        out.println(names.toString().replaceAll("\\s+$", ""));
        out.println(header.toString().replaceAll("\\s+$", ""));
        int step = step(layers);
        int previous = 0;
        for (int l = 1; l <= layers; l++) {
            if (l > ENDS && l <= layers - ENDS && l % step != 0) {
                continue;
            }
            if (l != previous + 1) {
                out.println("  ...");
            }
            StringBuilder row = new StringBuilder(String.format("%5d     ", l));
            for (GradientHealth h : healths) {
                row.append(String.format("  %9.3e  %9.3e ", h.weightGradientNorm(l), h.outputGradientNorm(l)));
            }
            out.println(row.toString().replaceAll("\\s+$", ""));
            previous = l;
        }
        StringBuilder ratio = new StringBuilder("first/last");
        for (GradientHealth h : healths) {
            ratio.append(String.format("  %9.1e  %9.1e ",
                    h.weightGradientNorm(1) / h.weightGradientNorm(layers),
                    h.outputGradientNorm(1) / h.outputGradientNorm(layers)));
        }
        out.println(ratio.toString().replaceAll("\\s+$", ""));
        out.flush();
    }

    /** The spacing of the layers shown between the ends: 10 for up to 100 layers, 100 up to 1000, ... */
    private static int step(int layers) {
        int step = 10;
        while (layers > 10 * step) {
            step *= 10;
        }
        return step;
    }
}
