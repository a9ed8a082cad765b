package io.chainrule.processor.emit;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An estimate from above of the constant-pool entries of the class file javac makes of a
 * generated class, so that a network too large for one class file is an error on its
 * declaration rather than javac's "too many constants" on generated code. What fills the pool
 * is names: every field and method takes its name, a reference, and the reference's name and
 * type; then the types and static members the code names, and literals that do not fit an
 * instruction. {@code ClassFileBudgetTest} checks the estimate against real class files.
 */
public final class ClassFileBudget {
    /**
     * Entries every generated class has whatever its size: its own and its interfaces' names,
     * attribute names, the descriptors shared by many members. Measured below 200 on the
     * samples; {@code ClassFileBudgetTest} checks that it covers them.
     */
    static final int FIXED = 300;
    private static final Pattern INT = Pattern.compile("(?<![\\w.$])(\\d+)(?![\\w.$])");
    private static final Pattern FLOATING = Pattern.compile("(?<![\\w.$])(\\d+\\.\\d*(?:[eE][-+]?\\d+)?|\\d+[eE][-+]?\\d+)([fFdD]?)(?![\\w$])|(?<![\\w.$])(\\d+)[fF](?![\\w$])");
    private static final Pattern LONG = Pattern.compile("(?<![\\w.$])(\\d+)[lL](?![\\w$])");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]++|\\\\.)*+\"");
    private static final Pattern MEMBER = Pattern.compile("(?<![\\w.$])((?:[a-z_$][\\w$]*\\.)*[A-Z][\\w$]*)\\.([A-Za-z_$][\\w$]*)");

    private ClassFileBudget() {
    }

    /** The estimated constant-pool entries of {@code type}'s class file. */
    public static long constantPoolEntries(TypeSpec type) {
        Set<String> names = new HashSet<>();
        Set<String> descriptors = new HashSet<>();
        long references = 0;
        StringBuilder code = new StringBuilder();
        for (FieldSpec f : type.fieldSpecs()) {
            names.add(f.name());
            descriptors.add(f.type().toString());
            references++;
            code.append(f.initializer()).append('\n');
        }
        for (MethodSpec m : type.methodSpecs()) {
            names.add(m.name());
            StringBuilder descriptor = new StringBuilder(m.returnType() == null ? "" : m.returnType().toString());
            m.parameters().forEach(p -> descriptor.append(',').append(p.type()));
            descriptors.add(descriptor.toString());
            references++;
            code.append(m.code()).append('\n');
        }
        String text = STRING.matcher(code).replaceAll("\"\"");
        long entries = FIXED + names.size() + descriptors.size() + 2 * references;
        entries += 2L * count(STRING.matcher(code), 0, s -> true);
        entries += count(INT.matcher(text), 1, s -> {
            long v = Long.parseLong(s.length() > 12 ? "999999999999" : s);
            return v > Short.MAX_VALUE;
        });
        entries += 2L * count(LONG.matcher(text), 1, s -> !s.equals("0") && !s.equals("1"));
        entries += 2L * count(FLOATING.matcher(text), 0, s -> true);
        Set<String> types = new HashSet<>();
        Set<String> members = new HashSet<>();
        Matcher m = MEMBER.matcher(text);
        while (m.find()) {
            types.add(m.group(1));
            members.add(m.group(1) + "." + m.group(2));
        }
        return entries + 2L * types.size() + 3L * members.size();
    }

    /** Distinct matches of {@code group} that {@code counts}. */
    private static long count(Matcher matcher, int group, Predicate<String> counts) {
        Set<String> seen = new HashSet<>();
        while (matcher.find()) {
            String value = matcher.group(group);
            if (value != null && counts.test(value)) {
                seen.add(value);
            }
        }
        return seen.size();
    }
}
