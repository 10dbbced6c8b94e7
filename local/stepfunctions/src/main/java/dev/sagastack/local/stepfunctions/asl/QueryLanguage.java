package dev.sagastack.local.stepfunctions.asl;

/** The two query languages of the Amazon States Language. */
public enum QueryLanguage {
    JSONPath, JSONata;

    public boolean isJsonata() {
        return this == JSONata;
    }
}
