package dev.drover.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Arguments that let any command of any jar get past its own parsing to the work it does: built from the command's
 * picocli model (its required parameters and options), by the parameter's name or else its type, plus a few extras
 * per command where required-ness alone is not enough (an {@code --all} flag instead of ids, a bounded
 * {@code watch}). A command with a parameter this class cannot fill fails the test with a message saying so: that is
 * how a new command gets noticed.
 *
 * <p>The secret-bearing options ({@link SecretOption}) are left out: the test fills them per variant.
 */
final class SampleArguments {

    /** Names of options that look like they carry a secret but do not. */
    private static final Set<String> NOT_SECRET = Set.of("--password-env");
    private static final Pattern LOOKS_SECRET = Pattern.compile("(?i).*(password|secret|token|api-?key|_key|credential).*");

    private final Map<String, String> byName;
    private final Map<String, List<String>> extras;

    /**
     * @param byName sample values by option name or parameter label ({@code --user}, {@code QUEUE})
     * @param extras arguments added to one command, by its qualified name ({@code drover retry})
     */
    SampleArguments(Map<String, String> byName, Map<String, List<String>> extras) {
        this.byName = Map.copyOf(byName);
        this.extras = Map.copyOf(extras);
    }

    /** The secret-bearing options {@code spec} takes; fails on an option that looks secret but is unknown here. */
    static Set<SecretOption> secretOptions(CommandSpec spec) {
        Set<SecretOption> found = new HashSet<>();
        for (OptionSpec o : spec.options()) {
            SecretOption s = SecretOption.byFlag(o.longestName());
            if (s != null) {
                found.add(s);
            } else if (!NOT_SECRET.contains(o.longestName()) && LOOKS_SECRET.matcher(o.longestName()).matches()) {
                throw new AssertionError(spec.qualifiedName() + " " + o.longestName() + " looks like it takes a "
                        + "secret: teach SecretOption its variable so the secrets test fills it");
            }
        }
        return found;
    }

    /** Required options (with values) first, then {@code --}, then the positional parameters. */
    List<String> forCommand(CommandSpec spec) {
        List<String> options = new ArrayList<>(extras.getOrDefault(spec.qualifiedName(), List.of()));
        for (OptionSpec o : spec.options()) {
            if (SecretOption.byFlag(o.longestName()) != null || !mustGive(o) || options.contains(o.longestName())) {
                continue;
            }
            options.add(o.longestName());
            if (o.arity().max() > 0) {
                options.add(sample(spec, o, o.longestName()));
            }
        }
        List<String> positional = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.arity().min() > 0) {
                positional.add(sample(spec, p, p.paramLabel()));
            }
        }
        if (!positional.isEmpty()) {
            options.add("--");
            options.addAll(positional);
        }
        return options;
    }

    // required, or the first option of a required exclusive group; never a second of a group
    private static boolean mustGive(OptionSpec o) {
        ArgGroupSpec group = o.group();
        if (group == null) {
            return o.required();
        }
        return group.multiplicity().min() > 0 && group.options().getFirst() == o;
    }

    // the command's own sample, else one by the type where the type says it all, else one by the name
    private String sample(CommandSpec spec, ArgSpec arg, String name) {
        String exact = byName.get(spec.qualifiedName() + " " + name);
        if (exact != null) {
            return exact;
        }
        Class<?> type = arg.isMultiValue() && arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
        if (type.isEnum()) {
            return type.getEnumConstants()[0].toString();
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "1";
        }
        if (type == UUID.class) {
            return UUID.randomUUID().toString();
        }
        if (type == Duration.class) {
            return "1s";
        }
        String v = byName.get(name);
        if (v != null) {
            return v;
        }
        throw new AssertionError("the secrets test has no sample for " + spec.qualifiedName() + " " + name + " ("
                + type.getSimpleName() + "): add one to its SampleArguments");
    }
}
