package io.chainrule.train;

import io.chainrule.Model;

/** The worker threads' replicas of the trained model ({@link ParallelGradients}): made and checked. */
final class Replicas {
    private Replicas() {
    }

    /**
     * Replica {@code k} of {@code model}, from the configured factory or the model class's public
     * no-argument constructor; {@code made} holds the trained model and the replicas made before.
     *
     * @throws IllegalArgumentException if it cannot be made or does not fit the trained model
     */
    static Model make(Model model, TrainerConfig config, int[] arrayLengths, Model[] made, int k) {
        ReplicaFactory factory = config.replicaFactory();
        Model replica;
        if (factory != null) {
            replica = factory.newReplica();
        } else {
            try {
                replica = model.getClass().getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("threads(" + config.threads() + ") needs " + (config.threads() - 1)
                        + " more instance(s) of " + model.getClass().getName() + " for the worker threads, but "
                        + "calling its public no-argument constructor failed (" + e
                        + "); pass TrainerConfig.Builder.replicaFactory(...) to make them", e);
            }
        }
        String problem = mismatch(model, replica, arrayLengths);
        for (int j = 0; problem == null && j < k; j++) {
            if (made[j] == replica) {
                problem = "it returned " + (j == 0 ? "the trained model itself" : "the same instance twice");
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("replica " + k + " for threads(" + config.threads()
                    + ") does not fit the trained model " + model.architecture() + ": " + problem
                    + "; the replica factory must return a new model of the same architecture on each call");
        }
        return replica;
    }

    /** Why {@code replica} cannot stand in for {@code model}, or null if it can. */
    private static String mismatch(Model model, Model replica, int[] arrayLengths) {
        if (replica == null) {
            return "it is null";
        }
        if (replica.precision() != model.precision() || !replica.architecture().equals(model.architecture())) {
            return "its architecture is " + replica.architecture();
        }
        int[] lengths = TrainingSession.parameterArrayLengths(replica);
        if (!java.util.Arrays.equals(lengths, arrayLengths)) {
            return "its parameter arrays have other shapes";
        }
        return null;
    }
}
