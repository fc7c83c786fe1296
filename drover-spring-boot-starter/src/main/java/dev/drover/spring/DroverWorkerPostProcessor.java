package dev.drover.spring;

import dev.drover.queue.WorkerOptions;
import java.lang.reflect.Method;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/** Finds {@link DroverWorker @DroverWorker} methods on beans as they are initialised and hands them to {@link DroverWorkers}. */
final class DroverWorkerPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<DroverWorkers> workers;
    private final ObjectProvider<PayloadMapper> mapper;
    private final DroverProperties.WorkerDefaults defaults;

    DroverWorkerPostProcessor(ObjectProvider<DroverWorkers> workers, ObjectProvider<PayloadMapper> mapper,
                              DroverProperties.WorkerDefaults defaults) {
        this.workers = workers;
        this.mapper = mapper;
        this.defaults = defaults;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        if (type.getName().startsWith("org.springframework.")) {
            return bean;
        }
        ReflectionUtils.doWithMethods(type, m -> register(bean, m),
                m -> AnnotatedElementUtils.hasAnnotation(m, DroverWorker.class));
        return bean;
    }

    private void register(Object bean, Method method) {
        DroverWorker a = AnnotatedElementUtils.findMergedAnnotation(method, DroverWorker.class);
        WorkerMethod processor = new WorkerMethod(bean, method, mapper.getObject());
        WorkerOptions.Builder options = WorkerOptions.builder()
                .concurrency(a.concurrency() > 0 ? a.concurrency() : defaults.getConcurrency())
                .lockDuration(defaults.getLockDuration()).stalledInterval(defaults.getStalledInterval())
                .shutdownTimeout(defaults.getShutdownTimeout());
        if (!a.name().isEmpty()) {
            options.name(a.name());
        }
        workers.getObject().add(new DroverWorkers.Spec(a.queue(), processor, options.build(), processor.describe()));
    }
}
