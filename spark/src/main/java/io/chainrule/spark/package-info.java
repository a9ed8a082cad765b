/**
 * Chainrule models on Apache Spark: {@link io.chainrule.spark.SparkScorer} adds prediction and
 * probability columns to a DataFrame, {@link io.chainrule.spark.SparkTrainer} trains a generated
 * model on a DataFrame with the executors computing each step's chunks.
 */
package io.chainrule.spark;
