package io.chainrule.shipping;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keep rules a library jar carries for the apps that use it, chosen as the Android Gradle
 * plugin chooses them for R8: when the jar has a {@code META-INF/com.android.tools/} directory, the
 * files in its subdirectories {@code r8}, {@code r8-from-X}, {@code r8-upto-Y} and
 * {@code r8-from-X-upto-Y} whose version range holds R8's version (from inclusive, upto exclusive)
 * and nothing from {@code META-INF/proguard/}; otherwise the files of {@code META-INF/proguard/}.
 */
final class ConsumerRules {
    static final String R8_DIRECTORY = "META-INF/com.android.tools/";
    static final String PROGUARD_DIRECTORY = "META-INF/proguard/";
    private static final Pattern R8_RANGE = Pattern.compile("r8(?:-from-([0-9.]+))?(?:-upto-([0-9.]+))?");

    private ConsumerRules() {
    }

    /** The rules R8 of version {@code r8Version} would apply from {@code library}, by file path. */
    static Map<String, String> forR8(Path library, String r8Version) {
        Map<String, String> rules = new TreeMap<>();
        Map<String, byte[]> toolRules = Artifacts.entries(library, name -> name.startsWith(R8_DIRECTORY));
        if (toolRules.isEmpty()) {
            Artifacts.entries(library, name -> name.startsWith(PROGUARD_DIRECTORY))
                    .forEach((name, bytes) -> rules.put(name, new String(bytes, StandardCharsets.UTF_8)));
            return rules;
        }
        toolRules.forEach((name, bytes) -> {
            String[] parts = name.substring(R8_DIRECTORY.length()).split("/");
            if (parts.length == 2 && appliesTo(parts[0], r8Version)) {
                rules.put(name, new String(bytes, StandardCharsets.UTF_8));
            }
        });
        return rules;
    }

    /** Every rules file of {@code library} under {@code META-INF/}, by path. */
    static Map<String, String> all(Path library) {
        Map<String, String> rules = new TreeMap<>();
        Artifacts.entries(library, name -> name.startsWith(R8_DIRECTORY) || name.startsWith(PROGUARD_DIRECTORY))
                .forEach((name, bytes) -> rules.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return rules;
    }

    static boolean appliesTo(String directory, String r8Version) {
        Matcher m = R8_RANGE.matcher(directory);
        if (!m.matches()) {
            return false; // proguard/ and anything else
        }
        return (m.group(1) == null || compare(r8Version, m.group(1)) >= 0)
                && (m.group(2) == null || compare(r8Version, m.group(2)) < 0);
    }

    /** Compares dotted version numbers part by part ({@code 8.5.35} > {@code 8.5.4}); a suffix after '-' is ignored. */
    static int compare(String a, String b) {
        String[] x = a.split("-")[0].split("\\.");
        String[] y = b.split("-")[0].split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
