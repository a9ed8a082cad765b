package io.chainrule.spark;

import org.apache.spark.sql.SparkSession;

/** Local Spark sessions for the tests: started and stopped by each test class. */
final class SparkSessions {
    private SparkSessions() {
    }

    /** A new local session with {@code cores} executor threads (stop it when done). */
    static SparkSession local(int cores) {
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        return SparkSession.builder().master("local[" + cores + "]").appName("chainrule-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }
}
