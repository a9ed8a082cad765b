package io.chainrule.spark;

import io.chainrule.Model;

/**
 * The model instances of the executors' task threads: each thread keeps the instance of the last
 * training it worked for, so a training's steps reuse one instance per thread instead of making
 * one per task.
 */
final class ExecutorModels {
    private static final ThreadLocal<Object[]> CACHE = new ThreadLocal<Object[]>();

    private ExecutorModels() {
    }

    /** This thread's instance for the training {@code id}, made from {@code spec} the first time. */
    static Model get(String id, ModelSpec spec) {
        Object[] entry = CACHE.get();
        if (entry == null || !entry[0].equals(id)) {
            entry = new Object[] {id, spec.newModel()};
            CACHE.set(entry);
        }
        return (Model) entry[1];
    }
}
