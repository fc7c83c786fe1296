package dev.drover.spring;

import dev.drover.queue.Job;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.Processor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import org.springframework.util.ReflectionUtils;

/**
 * A {@link DroverWorker @DroverWorker} method as a {@link Processor}: each {@link Job} parameter gets the job, the
 * one other parameter (if any) the job's data mapped to its type; the return value becomes the job's stored result
 * unless it is a {@link JobOutcome}. Exceptions the method throws reach the worker unwrapped.
 */
final class WorkerMethod implements Processor {

    private final Object bean;
    private final Method method;
    private final PayloadMapper mapper;
    private final Type dataType;

    WorkerMethod(Object bean, Method method, PayloadMapper mapper) {
        this.bean = bean;
        this.method = method;
        this.mapper = mapper;
        Type data = null;
        for (int i = 0; i < method.getParameterCount(); i++) {
            if (method.getParameterTypes()[i] == Job.class) {
                continue;
            }
            if (data != null) {
                throw new IllegalStateException("@DroverWorker method " + describe() + " takes more than one "
                        + "parameter besides Job: it may take the job's data, the Job, or both");
            }
            data = method.getGenericParameterTypes()[i];
        }
        this.dataType = data;
        ReflectionUtils.makeAccessible(method);
    }

    String describe() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    @Override
    public Object process(Job job) throws Exception {
        Object[] args = new Object[method.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = method.getParameterTypes()[i] == Job.class ? job : mapper.read(job.rawData(), dataType);
        }
        Object result;
        try {
            result = method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
        return result == null || result instanceof JobOutcome ? result : mapper.toStoredJson(result);
    }
}
