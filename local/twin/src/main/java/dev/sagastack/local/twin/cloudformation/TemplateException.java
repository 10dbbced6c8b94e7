package dev.sagastack.local.twin.cloudformation;

/**
 * A cloud assembly or template the twin cannot run: an unsupported intrinsic or resource type, a missing
 * reference, a malformed manifest. The message names the stack and logical id, as CloudFormation's own
 * validation errors do.
 */
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
