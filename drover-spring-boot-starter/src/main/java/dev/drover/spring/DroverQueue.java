package dev.drover.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Injects the {@link dev.drover.queue.Queue} of that name: {@code @DroverQueue("emails") Queue emails} on a
 * constructor or method parameter or a field. The starter registers one {@code Queue} bean per name it finds so
 * annotated (and per name in {@code drover.queues}); they share the application's {@code QueueOptions} and are
 * closed with the context. The same queues are available by name from {@link Queues}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface DroverQueue {

    /** The queue name. */
    String value();
}
