package dev.sagastack.local.iam.template;

/** A template whose access rules cannot be read exactly; refused rather than half-enforced. */
public final class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
