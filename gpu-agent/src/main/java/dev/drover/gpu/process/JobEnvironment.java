package dev.drover.gpu.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The environment a job starts with. Nothing is inherited from the agent; a job gets, later entries winning:
 * <ol>
 *   <li>{@code PATH} = {@value #DEFAULT_PATH} and {@code LANG} = {@value #DEFAULT_LANG};</li>
 *   <li>the agent's own values of the operator's pass-through names ({@code JOB_ENV_PASSTHROUGH});</li>
 *   <li>the job's declared env (it may set its own {@code PATH}, {@code LANG} or a passed-through name);</li>
 *   <li>what the agent sets per job ({@link #AGENT_SET}: {@code HOME} and {@code TMPDIR} in the job's own directory,
 *       {@code CUDA_VISIBLE_DEVICES}, a training job's {@code TRAINING_IMAGES_DIR} and {@code OUTPUT_DIR}); a job's
 *       declared value for one of these is dropped, so a job cannot widen its GPUs or move its home.</li>
 * </ol>
 */
public final class JobEnvironment {

    public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    public static final String DEFAULT_LANG = "C.UTF-8";
    /** Set by the agent for every job (the last two for training jobs); never taken from a job or passed through. */
    public static final Set<String> AGENT_SET = Set.of("HOME", "TMPDIR", "CUDA_VISIBLE_DEVICES", "TRAINING_IMAGES_DIR",
            "OUTPUT_DIR");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> base;
    private final List<String> passedThrough;

    private JobEnvironment(Map<String, String> base, List<String> passedThrough) {
        this.base = Map.copyOf(base);
        this.passedThrough = List.copyOf(passedThrough);
    }

    /** Only the defaults: no variable of the agent reaches a job. */
    public static JobEnvironment minimal() {
        return new JobEnvironment(defaults(), List.of());
    }

    /**
     * The defaults plus the agent's values of {@code names} (a name the agent does not have is skipped).
     *
     * @param forbidden the agent's own settings (its URLs, keys, ...), which no job may ever see
     * @throws IllegalArgumentException naming the first bad name: not a variable name, forbidden, or set per job
     */
    public static JobEnvironment passingThrough(Collection<String> names, Map<String, String> agentEnv,
                                                Collection<String> forbidden) {
        Map<String, String> base = defaults();
        List<String> passed = new ArrayList<>();
        for (String raw : names) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("JOB_ENV_PASSTHROUGH: '" + name + "' is not a variable name");
            }
            if (forbidden.contains(name)) {
                throw new IllegalArgumentException("JOB_ENV_PASSTHROUGH: " + name
                        + " is the agent's own setting; jobs never get the agent's configuration");
            }
            if (AGENT_SET.contains(name)) {
                throw new IllegalArgumentException("JOB_ENV_PASSTHROUGH: " + name + " is set by the agent for each job");
            }
            if (agentEnv.containsKey(name)) {
                base.put(name, agentEnv.get(name));
                passed.add(name);
            }
        }
        return new JobEnvironment(base, passed);
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("PATH", DEFAULT_PATH);
        m.put("LANG", DEFAULT_LANG);
        return m;
    }

    /** The names passed through from the agent (those it has), for the start-up log; never their values. */
    public List<String> passedThrough() {
        return passedThrough;
    }

    /**
     * A job's complete environment.
     *
     * @param declared the job's own env
     * @param agentSet the values the agent sets for this job; their names must be in {@link #AGENT_SET}
     */
    public Map<String, String> forJob(Map<String, String> declared, Map<String, String> agentSet) {
        Map<String, String> env = new LinkedHashMap<>(base);
        declared.forEach((k, v) -> {
            if (!AGENT_SET.contains(k)) {
                env.put(k, v);
            }
        });
        agentSet.forEach((k, v) -> {
            if (!AGENT_SET.contains(k)) {
                throw new IllegalArgumentException(k + " is not a per-job variable");
            }
            env.put(k, v);
        });
        return env;
    }

    /** The declared names {@link #forJob} drops, sorted, so the job's log can say so. */
    public static Set<String> ignored(Map<String, String> declared) {
        Set<String> names = new TreeSet<>(declared.keySet());
        names.retainAll(AGENT_SET);
        return names;
    }
}
