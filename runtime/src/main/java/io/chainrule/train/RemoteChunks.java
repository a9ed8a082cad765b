package io.chainrule.train;

import io.chainrule.data.Dataset;

/** A {@link ChunkEngine} over a user's {@link ChunkComputer}, folding through a {@link ChunkFolder}. */
final class RemoteChunks extends ChunkEngine {
    private final TrainingSession session;
    private final ChunkComputer computer;
    private final ChunkFolder folder;

    RemoteChunks(TrainingSession session, ChunkComputer computer, Dataset train, TrainerConfig config,
            int[] arrayLengths) {
        this.session = session;
        this.computer = computer;
        this.folder = new ChunkFolder(session, config.chunkSize(), arrayLengths);
        computer.open(session.model, train, config);
    }

    @Override
    double compute(int from, int to) {
        folder.begin(to - from);
        computer.computeChunks(session.order, from, to, folder);
        return folder.end();
    }

    @Override
    double squaredNorm() {
        return folder.squaredNorm();
    }

    @Override
    void measureOutputs(double[] outputNorms) {
        folder.measureOutputs(outputNorms);
    }

    @Override
    void close() {
        computer.close();
    }
}
