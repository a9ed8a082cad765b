package io.chainrule.shipping;

import com.android.tools.r8.ByteDataView;
import com.android.tools.r8.ClassFileConsumer;
import com.android.tools.r8.ClassFileResourceProvider;
import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.DexFilePerClassFileConsumer;
import com.android.tools.r8.DexIndexedConsumer;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.JdkClassFileProvider;
import com.android.tools.r8.R8;
import com.android.tools.r8.R8Command;
import com.android.tools.r8.StringConsumer;
import com.android.tools.r8.origin.PathOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * D8 and R8, run in this JVM through their Java APIs, in release mode for Android API 21. Any
 * error or warning they report fails the run with every message listed.
 *
 * <p>The library (the platform classes the program is compiled against) is this JDK's
 * {@code java.base} and other modules, read through {@code jrt:}. An {@code android.jar} is not on
 * Maven Central: {@code com.google.android:android:4.1.1.4} holds only the {@code android.*}
 * classes of API 16, without {@code java.lang}, and D8 then warns that it cannot desugar default
 * methods without {@code java.lang.Object}; Robolectric's {@code android-all} of API 21 lacks
 * {@code java.lang} too. D8 needs a library only for desugaring, which depends on the class
 * hierarchy of {@code java.lang.Object}, {@code Enum}, exceptions and {@code Runnable}, the same on
 * Android and the JDK. Whether the runtime calls only API 21 methods is checked elsewhere, by
 * animal-sniffer against the API 21 signature at every build.
 */
final class AndroidTools {
    static final int MIN_API = 21;

    /** This JDK's class library, opened once for every D8 and R8 run of the test JVM. */
    private static ClassFileResourceProvider jdk;

    private AndroidTools() {
    }

    private static synchronized ClassFileResourceProvider jdk() {
        if (jdk == null) {
            try {
                jdk = JdkClassFileProvider.fromSystemJdk();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jdk;
    }

    /** The dex files D8 makes of {@code classes}, one per class (nested classes apart), by class file path. */
    static Map<String, byte[]> d8PerClass(Map<String, byte[]> classes) {
        Map<String, byte[]> dex = new TreeMap<>();
        Diagnostics diagnostics = new Diagnostics();
        D8Command.Builder command = D8Command.builder(diagnostics);
        classes.forEach((name, bytes) -> command.addClassProgramData(bytes, new PathOrigin(Paths.get(name))));
        command.setProgramConsumer(new DexFilePerClassFileConsumer.ForwardingConsumer(null) {
            @Override
            public void accept(String descriptor, ByteDataView data, Set<String> descriptors, DiagnosticsHandler handler) {
                synchronized (dex) {
                    dex.put(Artifacts.classFilePath(descriptor), data.copyByteData());
                }
            }

            @Override
            public boolean combineSyntheticClassesWithPrimaryClass() {
                return true;
            }
        });
        runD8(command, diagnostics);
        return dex;
    }

    /** The single dex file D8 makes of {@code classes}, as an app's {@code classes.dex}. */
    static byte[] d8(Map<String, byte[]> classes) {
        Diagnostics diagnostics = new Diagnostics();
        D8Command.Builder command = D8Command.builder(diagnostics);
        classes.forEach((name, bytes) -> command.addClassProgramData(bytes, new PathOrigin(Paths.get(name))));
        DexCollector dex = new DexCollector();
        command.setProgramConsumer(dex);
        runD8(command, diagnostics);
        return dex.single();
    }

    private static void runD8(D8Command.Builder command, Diagnostics diagnostics) {
        try {
            command.addLibraryResourceProvider(jdk()).setMinApiLevel(MIN_API).setMode(CompilationMode.RELEASE);
            D8.run(command.build());
        } catch (CompilationFailedException e) {
            throw new AssertionError("D8 failed: " + diagnostics.problems(), e);
        }
        if (!diagnostics.problems().isEmpty()) {
            throw new AssertionError("D8 reported " + String.join("\n", diagnostics.problems()));
        }
    }

    /** What R8 made of an app: class files or one dex file, and the name mapping. */
    record Shrunk(Map<String, byte[]> classFiles, byte[] dex, String mapping, List<String> infos) {
    }

    /**
     * Shrinks, optimises and obfuscates {@code program} with R8 in full mode (not ProGuard
     * compatibility mode) under {@code rules}, into class files (to run on a JVM) or into dex for
     * API 21.
     */
    static Shrunk r8(Map<String, byte[]> program, Map<String, String> rulesByOrigin, boolean classFiles) {
        Diagnostics diagnostics = new Diagnostics();
        R8Command.Builder command = R8Command.builder(diagnostics);
        program.forEach((name, bytes) -> command.addClassProgramData(bytes, new PathOrigin(Paths.get(name))));
        rulesByOrigin.forEach((origin, rules) ->
                command.addProguardConfiguration(List.of(rules.split("\n", -1)), new PathOrigin(Paths.get(origin))));
        StringBuilder mapping = new StringBuilder();
        command.setProguardMapConsumer(new StringConsumer() {
            @Override
            public void accept(String chunk, DiagnosticsHandler handler) {
                mapping.append(chunk);
            }
        });
        Map<String, byte[]> classes = new TreeMap<>();
        DexCollector dex = new DexCollector();
        if (classFiles) {
            command.setProgramConsumer(new ClassFileConsumer.ForwardingConsumer(null) {
                @Override
                public void accept(ByteDataView data, String descriptor, DiagnosticsHandler handler) {
                    synchronized (classes) {
                        classes.put(Artifacts.classFilePath(descriptor), data.copyByteData());
                    }
                }
            });
        } else {
            command.setProgramConsumer(dex).setMinApiLevel(MIN_API);
        }
        try {
            command.addLibraryResourceProvider(jdk()).setMode(CompilationMode.RELEASE).setProguardCompatibility(false);
            R8.run(command.build());
        } catch (CompilationFailedException e) {
            throw new AssertionError("R8 failed: " + diagnostics.problems(), e);
        }
        if (!diagnostics.problems().isEmpty()) {
            throw new AssertionError("R8 reported " + String.join("\n", diagnostics.problems()));
        }
        return new Shrunk(classes, classFiles ? null : dex.single(), mapping.toString(), diagnostics.infos());
    }

    /** Keeps the dex files of an indexed (classes.dex, classes2.dex, ...) output. */
    private static final class DexCollector extends DexIndexedConsumer.ForwardingConsumer {
        private final Map<Integer, byte[]> files = new TreeMap<>();

        DexCollector() {
            super(null);
        }

        @Override
        public synchronized void accept(int fileIndex, ByteDataView data, Set<String> descriptors, DiagnosticsHandler handler) {
            files.put(fileIndex, data.copyByteData());
        }

        synchronized byte[] single() {
            if (files.size() != 1) {
                throw new AssertionError("expected one dex file, got " + files.size());
            }
            return files.values().iterator().next();
        }
    }
}
