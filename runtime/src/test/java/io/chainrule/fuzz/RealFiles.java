package io.chainrule.fuzz;

import java.io.File;

/**
 * Finds the real data files the fuzz tests start from: the system property or environment
 * variable {@code CHAINRULE_DATA}, then {@code shared/data} beside the repository, then the
 * copies the samples module ships ({@code samples/src/main/resources/data}); paths are relative to
 * the module directory (where Maven runs the tests) or the repository root.
 */
final class RealFiles {
    private RealFiles() {
    }

    /** The named file, or null if none of the folders has it. */
    static File find(String name) {
        String configured = System.getProperty("CHAINRULE_DATA", System.getenv("CHAINRULE_DATA"));
        String[] folders = configured != null
                ? new String[] {configured}
                : new String[] {"../../shared/data", "../shared/data", "../samples/src/main/resources/data",
                    "samples/src/main/resources/data"};
        for (String folder : folders) {
            File f = new File(folder, name);
            if (f.isFile()) {
                return f;
            }
        }
        return null;
    }
}
