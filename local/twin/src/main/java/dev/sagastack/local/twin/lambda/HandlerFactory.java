package dev.sagastack.local.twin.lambda;

import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AppContext;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Creates a handler instance for a new execution environment.
 *
 * <p>Lambda constructs the handler class once per execution environment with its environment variables
 * in place, and the application's no-arg constructors read them through {@link AppConfig}. In one JVM the
 * twin cannot give each function its own process environment, so it reads the function's environment map
 * the same way ({@link AppConfig#fromEnvironment}) and hands the result to the handler's other
 * constructor, the one taking an {@link AppContext}. A class without one (not an application handler, e.g.
 * from another assembly) gets its environment through a public {@code (Map<String, String>)} constructor when
 * it has one, since this process's environment is not its own; otherwise its public no-arg constructor runs, as
 * Lambda would.
 */
@FunctionalInterface
public interface HandlerFactory {

    Object create(Map<String, String> environment) throws Exception;

    static HandlerFactory reflective(String className) {
        return environment -> construct(className, environment);
    }

    private static Object construct(String className, Map<String, String> environment) throws Exception {
        Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : HandlerFactory.class.getClassLoader());
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("handler class " + className + " is abstract");
        }
        try {
            Constructor<?> withContext = publicConstructor(type, AppContext.class);
            if (withContext != null) {
                return withContext.newInstance(AppContext.of(AppConfig.fromEnvironment(Map.copyOf(environment))));
            }
            Constructor<?> withEnvironment = publicConstructor(type, Map.class);
            if (withEnvironment != null) {
                return withEnvironment.newInstance(Map.copyOf(environment));
            }
            Constructor<?> noArgs = publicConstructor(type);
            if (noArgs != null) {
                return noArgs.newInstance();
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw e;
        }
        throw new IllegalArgumentException("handler class " + className
                + " has no public constructor taking an AppContext or a Map<String, String>, nor a public no-arg one");
    }

    private static Constructor<?> publicConstructor(Class<?> type, Class<?>... parameters) {
        try {
            Constructor<?> constructor = type.getConstructor(parameters);
            return Modifier.isPublic(constructor.getModifiers()) ? constructor : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
