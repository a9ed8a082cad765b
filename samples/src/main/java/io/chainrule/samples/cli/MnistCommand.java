package io.chainrule.samples.cli;

import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import io.chainrule.data.IdxReader;
import io.chainrule.data.Scaler;
import io.chainrule.data.Split;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains {@code MnistModel} on MNIST read from IDX files: the official 60000/10000 split, the
 * last 5000 training images held out as the development set; pixels in {@code [0, 1]}.
 */
@DesktopOnly
@Command(name = "mnist", description = "Train 784-128-10 ReLU (softmax cross-entropy) on MNIST.")
final class MnistCommand extends TrainCommand {
    /** Training images held out as the development set. */
    static final int DEV_SIZE = 5000;

    @Option(names = "--dir", paramLabel = "DIR", required = true,
            description = "Directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may end in .gz).")
    File dir;

    @Override
    SampleModel sample() {
        return SampleModel.MNIST;
    }

    @Override
    Defaults defaults() {
        return new Defaults(5, 64, 0.001, OptimizerChoice.ADAM, 2);
    }

    @Override
    Data load() throws IOException {
        Dataset train = read(find("train-images-idx3-ubyte"), find("train-labels-idx1-ubyte"));
        Dataset test = read(find("t10k-images-idx3-ubyte"), find("t10k-labels-idx1-ubyte"));
        int trainSize = train.size() - DEV_SIZE;
        if (trainSize < 1) {
            throw new IOException(dir + ": only " + train.size() + " training images; need more than " + DEV_SIZE);
        }
        int[] first = new int[trainSize];
        int[] last = new int[DEV_SIZE];
        for (int i = 0; i < trainSize; i++) {
            first[i] = i;
        }
        for (int i = 0; i < DEV_SIZE; i++) {
            last[i] = trainSize + i;
        }
        Split split = Split.byIndices(train, first, last, new int[0]);
        return new Data(split.train(), split.dev(), test, Scaler.NONE);
    }

    /**
     * Reads a pair of IDX files. The reader sizes its arrays by the headers: a header that
     * announces more than the heap holds is an error naming the files, not an {@link OutOfMemoryError}.
     */
    private static Dataset read(File images, File labels) throws IOException {
        try {
            return IdxReader.read(images, labels, Precision.FLOAT);
        } catch (OutOfMemoryError e) {
            throw new IOException(images + " and " + labels + ": out of memory reading them (" + e.getMessage()
                    + "): their headers announce more data than this JVM's heap of "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB holds; check the files, or if they are"
                    + " intact, give the JVM more memory (-Xmx)");
        }
    }

    /** The file {@code name} or {@code name.gz} in {@link #dir}. */
    private File find(String name) throws FileNotFoundException {
        File plain = new File(dir, name);
        File gzip = new File(dir, name + ".gz");
        if (plain.isFile()) {
            return plain;
        } else if (gzip.isFile()) {
            return gzip;
        }
        throw new FileNotFoundException(dir + ": no " + name + " or " + name + ".gz");
    }
}
