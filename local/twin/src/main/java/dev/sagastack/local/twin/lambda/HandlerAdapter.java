package dev.sagastack.local.twin.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Calls one handler instance the way the Java runtime does: a {@link RequestStreamHandler} gets the raw
 * bytes; a {@link RequestHandler} gets its input deserialized with Lambda's own serializers (the event
 * serializers for {@code aws-lambda-java-events} types, Lambda's Jackson configuration for other types) and
 * its result serialized the same way.
 */
final class HandlerAdapter {

    private final Object handler;
    private final Method handleRequest;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;

    HandlerAdapter(Object handler) {
        this.handler = handler;
        if (handler instanceof RequestStreamHandler) {
            this.handleRequest = null;
            this.input = null;
            this.output = null;
        } else if (handler instanceof RequestHandler<?, ?>) {
            this.handleRequest = findHandleRequest(handler.getClass());
            this.handleRequest.setAccessible(true);
            ClassLoader loader = handler.getClass().getClassLoader();
            this.input = serializerFor(handleRequest.getGenericParameterTypes()[0], loader);
            Type returnType = handleRequest.getGenericReturnType();
            this.output = returnType == void.class || returnType == Void.class ? null : serializerFor(returnType, loader);
        } else {
            throw new IllegalArgumentException(handler.getClass().getName()
                    + " implements neither RequestHandler nor RequestStreamHandler");
        }
    }

    byte[] invoke(byte[] payload, Context context) throws Exception {
        if (handler instanceof RequestStreamHandler streamHandler) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            streamHandler.handleRequest(new ByteArrayInputStream(payload), out, context);
            return out.toByteArray();
        }
        Object event = input.fromJson(new ByteArrayInputStream(payload));
        Object result;
        try {
            result = handleRequest.invoke(handler, event, context);
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof Exception exception) {
                throw exception;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw e;
        }
        if (output == null || result == null) {
            return "null".getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        output.toJson(result, out);
        return out.toByteArray();
    }

    /** The most specific {@code handleRequest(X, Context)}: the one the class declares, not the erased bridge. */
    private static Method findHandleRequest(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals("handleRequest") && !method.isBridge() && !method.isSynthetic()
                        && method.getParameterCount() == 2 && method.getParameterTypes()[1] == Context.class) {
                    return method;
                }
            }
        }
        throw new IllegalArgumentException(type.getName() + " declares no handleRequest(input, Context)");
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializerFor(Type type, ClassLoader loader) {
        if (type instanceof Class<?> cls && LambdaEventSerializers.isLambdaSupportedEvent(cls.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(cls, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }
}
