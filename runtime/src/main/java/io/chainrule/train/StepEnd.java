package io.chainrule.train;

/**
 * The end of a step of {@link ParallelGradients}, taken by every thread that is free for it, a
 * block of arrays at a time ({@link ArrayBlocks}): the fold of the last chunk into the trained
 * model's gradient arrays ({@link ChunkFolding#foldLast}), then, after the trainer's checks, the
 * optimizer's update, each array scaled by the clipping factor and stepped. Each array is folded
 * and stepped by one thread with the arithmetic of a whole pass, so the bits are those of one
 * thread doing it all. Each phase is opened by the training thread, stamped with the step.
 */
final class StepEnd {
    private final TrainingSession primary;
    private final ChunkFolding folding;
    private final ArrayBlocks fold;
    private final ArrayBlocks update;
    // the current step's update, written by the training thread before it opens the update
    private BaseOptimizer optimizer;
    private double learningRate;
    private int globalStep;
    private double clip;

    StepEnd(TrainingSession primary, ChunkFolding folding, int[] arrayLengths) {
        this.primary = primary;
        this.folding = folding;
        this.fold = new ArrayBlocks(arrayLengths);
        this.update = new ArrayBlocks(arrayLengths);
    }

    /** The training thread, once {@link ChunkFolding#lastReady} for step {@code s}: the last fold can be taken. */
    void openFold(int s) {
        fold.open(s);
    }

    /** Whether step {@code s}'s last fold is open. */
    boolean foldOpen(int s) {
        return fold.isOpen(s);
    }

    /** Takes and folds blocks of step {@code s}'s last fold until none is left. */
    void foldBlocks(int s) {
        for (int b = fold.take(s); b >= 0; b = fold.take(s)) {
            folding.foldLast(fold.from(b), fold.to(b));
            fold.finish();
        }
    }

    /** Whether every block of step {@code s}'s last fold is folded. */
    boolean foldComplete(int s) {
        return fold.complete(s);
    }

    /**
     * The training thread: step {@code s}'s update can be taken, {@code optimizer} (bound to the
     * trained model) stepping with these arguments after each gradient array is scaled by {@code
     * clip} (1: not clipped).
     */
    void openUpdate(int s, BaseOptimizer optimizer, double learningRate, int globalStep, double clip) {
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.globalStep = globalStep;
        this.clip = clip;
        update.open(s);
    }

    /** Whether step {@code s}'s update is open. */
    boolean updateOpen(int s) {
        return update.isOpen(s);
    }

    /** Takes and steps blocks of step {@code s}'s update until none is left. */
    void updateBlocks(int s) {
        for (int b = update.take(s); b >= 0; b = update.take(s)) {
            int from = update.from(b);
            int to = update.to(b);
            if (clip != 1.0) {
                primary.scaleGradients(clip, from, to);
            }
            optimizer.stepArrays(learningRate, globalStep, from, to);
            update.finish();
        }
    }

    /** Whether every block of step {@code s}'s update is stepped. */
    boolean updateComplete(int s) {
        return update.complete(s);
    }
}
