package io.chainrule.benchmarks.data;

import java.io.File;

/**
 * Finds the shared data directory of the benchmark protocol: {@code $CHAINRULE_DATA} if set,
 * else {@code ../shared/data} relative to the repository root, tried from the repository root
 * and from the benchmarks module. The split file {@code digits-split.txt} lies beside it.
 */
public final class DataDirectory {
    /** Environment variable that overrides the data directory. */
    public static final String ENVIRONMENT_VARIABLE = "CHAINRULE_DATA";

    private static final String[] CANDIDATES = {"../shared/data", "../../shared/data"};

    private DataDirectory() {
    }

    /** The data directory, or null if none of the candidates holds {@code digits.csv}. */
    public static File find() {
        String configured = System.getenv(ENVIRONMENT_VARIABLE);
        if (configured != null && !configured.isEmpty()) {
            File dir = new File(configured);
            return new File(dir, "digits.csv").isFile() ? dir : null;
        }
        for (String candidate : CANDIDATES) {
            File dir = new File(candidate);
            if (new File(dir, "digits.csv").isFile()) {
                return dir;
            }
        }
        return null;
    }

    /** The data directory; fails with a message naming the places looked at if it is absent. */
    public static File require() {
        File dir = find();
        if (dir == null) {
            throw new IllegalStateException("benchmark data not found: set " + ENVIRONMENT_VARIABLE
                    + " to the directory holding digits.csv, or run from the repository root or the"
                    + " benchmarks module with ../shared/data present (working directory "
                    + new File("").getAbsolutePath() + ")");
        }
        return dir;
    }
}
