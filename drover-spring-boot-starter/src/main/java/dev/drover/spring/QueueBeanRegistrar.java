package dev.drover.spring;

import dev.drover.queue.Queue;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers a {@link Queue} bean, qualified {@link DroverQueue @DroverQueue(name)}, for each queue name used at an
 * injection point of a bean class (field, constructor or method parameter, {@code @Bean} methods included) and each
 * name in {@code drover.queues}. The beans are the {@link Queues} registry's queues (bean name
 * {@code droverQueue.<name>}); the registry closes them.
 */
final class QueueBeanRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, Ordered {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        Set<String> names = new TreeSet<>(Binder.get(environment).bind("drover.queues", Bindable.listOf(String.class))
                .orElseGet(java.util.List::of));
        ClassLoader loader = ClassUtils.getDefaultClassLoader();
        for (String beanName : registry.getBeanDefinitionNames()) {
            String className = registry.getBeanDefinition(beanName).getBeanClassName();
            if (className == null || className.startsWith("org.springframework.")) {
                continue;
            }
            try {
                collect(ClassUtils.forName(className, loader), names);
            } catch (ClassNotFoundException | LinkageError e) {
                // a class that cannot be loaded here has no injection point we could serve either
            }
        }
        for (String name : names) {
            String beanName = "droverQueue." + name;
            if (registry.containsBeanDefinition(beanName)) {
                continue;
            }
            RootBeanDefinition bd = new RootBeanDefinition(Queue.class);
            bd.setFactoryBeanName("droverQueues");
            bd.setFactoryMethodName("get");
            bd.getConstructorArgumentValues().addGenericArgumentValue(name);
            bd.addQualifier(new AutowireCandidateQualifier(DroverQueue.class, name));
            bd.setDestroyMethodName(""); // not the bean factory: Queues closes it
            bd.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(beanName, bd);
        }
    }

    /** Adds every {@code @DroverQueue} name used in {@code type}'s fields and parameters. */
    private static void collect(Class<?> type, Set<String> names) {
        ReflectionUtils.doWithFields(type, (Field f) -> add(f.getAnnotation(DroverQueue.class), names));
        for (Executable e : type.getDeclaredConstructors()) {
            params(e, names);
        }
        ReflectionUtils.doWithMethods(type, m -> {
            add(m.getAnnotation(DroverQueue.class), names);
            params(m, names);
        });
    }

    private static void params(Executable e, Set<String> names) {
        for (Parameter p : e.getParameters()) {
            add(p.getAnnotation(DroverQueue.class), names);
        }
    }

    private static void add(DroverQueue q, Set<String> names) {
        if (q != null) {
            names.add(q.value());
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }
}
