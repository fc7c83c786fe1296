package dev.drover.daemon;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a picocli option read an environment variable when the flag is not given: {@code @Env("REDIS_URL")
 * @Option(names = "--redis-url") String redisUrl;}. Only deployment settings carry it, under the documented name
 * (see {@link DaemonCli}); an option without it reads flags only, so a per-call argument such as {@code --name} or
 * {@code --tz} never picks up the shell's {@code NAME} or {@code TZ}. A flag wins over the variable, the variable over
 * the declared default; {@code --help} names the variable.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Env {

    /** The variable's name, e.g. {@code REDIS_URL}. */
    String value();
}
