package dev.sagastack.local.twin.lambda;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.function.Function;

/**
 * Creates a handler instance for a new execution environment.
 *
 * <p>Lambda constructs the handler class once per execution environment with its environment variables
 * in place. In one JVM the twin cannot give each function its own process environment, so the reflective
 * factory hands the environment to the handler's constructor, in this order of preference:
 * <ol>
 *   <li>a public constructor taking {@code Map<String, String>} (the function's environment variables);</li>
 *   <li>a public constructor taking {@code java.util.function.Function<String, String>} (a lookup such as
 *       {@code System::getenv});</li>
 *   <li>the public no-arg constructor, which Lambda itself uses (and which then reads {@code System.getenv}).</li>
 * </ol>
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
            Constructor<?> withMap = publicConstructor(type, Map.class);
            if (withMap != null) {
                return withMap.newInstance(Map.copyOf(environment));
            }
            Constructor<?> withLookup = publicConstructor(type, Function.class);
            if (withLookup != null) {
                Function<String, String> lookup = environment::get;
                return withLookup.newInstance(lookup);
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
                + " has no public constructor taking Map<String,String>, Function<String,String> or nothing");
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
