package io.chainrule.train;

import io.chainrule.Model;

/**
 * Makes the model replicas that the worker threads of multi-threaded training compute gradients
 * with ({@link TrainerConfig.Builder#threads(int)}). Needed only for a model class without a public
 * no-argument constructor: generated models have one, and the trainer calls it.
 */
public interface ReplicaFactory {
    /**
     * A new model instance of the same architecture as the trained model (not the trained model
     * itself, nor one returned before). The trainer overwrites its weights before every step.
     */
    Model newReplica();
}
