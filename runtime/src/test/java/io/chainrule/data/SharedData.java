package io.chainrule.data;

import java.io.File;

/**
 * Finds the project's shared data folder ({@code shared/data} beside the repository), so that
 * tests on the real data sets run where it exists and are skipped (via JUnit assumptions) where it
 * does not. Looked up in order: the system property or environment variable {@code CHAINRULE_DATA},
 * then {@code ../../shared/data} and {@code ../shared/data} relative to the working directory
 * (the module directory under Maven, or the repository root).
 */
final class SharedData {
    private SharedData() {
    }

    /** The named file in the shared data folder, or null if there is none. */
    static File file(String name) {
        String configured = System.getProperty("CHAINRULE_DATA", System.getenv("CHAINRULE_DATA"));
        String[] candidates = configured != null
                ? new String[] {configured}
                : new String[] {"../../shared/data", "../shared/data"};
        for (String folder : candidates) {
            File f = new File(folder, name);
            if (f.isFile()) {
                return f;
            }
        }
        return null;
    }
}
