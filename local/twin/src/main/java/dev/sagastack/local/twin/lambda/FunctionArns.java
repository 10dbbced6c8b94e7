package dev.sagastack.local.twin.lambda;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Function ARNs of the twin: one fixed local account and region, as the ASL substitutions need real-looking ARNs. */
public final class FunctionArns {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    /** The alias every integration targets, as infra's SnapStart alias. */
    public static final String ALIAS = "live";
    /** Every published version of a function is version 1 here: the twin deploys each stage once. */
    public static final String PUBLISHED_VERSION = "1";
    /** The version an unqualified function ARN runs. */
    public static final String LATEST = "$LATEST";

    private static final Pattern ARN = Pattern.compile(
            "arn:aws:lambda:[a-z0-9-]+:\\d{12}:function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]+))?");
    private static final Pattern PARTIAL = Pattern.compile("(?:\\d{12}:)?(?:function:)?([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]+))?");

    private FunctionArns() {
    }

    /** The qualified ARN the twin substitutes into state machine definitions. */
    public static String aliasArn(String functionName) {
        return unqualifiedArn(functionName) + ":" + ALIAS;
    }

    public static String unqualifiedArn(String functionName) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + functionName;
    }

    /** The qualifier (alias or version) of a function name or ARN in any of Invoke's forms; empty when unqualified. */
    public static Optional<String> qualifier(String nameOrArn) {
        return parsed(nameOrArn).map(m -> m.group(2));
    }

    /**
     * The version an invocation through this name or ARN runs (Invoke's {@code X-Amz-Executed-Version}):
     * {@code $LATEST} when unqualified, otherwise the published version (an alias here always points to it).
     */
    public static String executedVersion(String nameOrArn) {
        return qualifier(nameOrArn).filter(q -> !q.equals(LATEST)).map(q -> PUBLISHED_VERSION).orElse(LATEST);
    }

    /**
     * The function name in any of the forms Lambda's Invoke accepts as FunctionName: name, name:qualifier,
     * partial ARN or full ARN.
     */
    public static Optional<String> functionName(String nameOrArn) {
        return parsed(nameOrArn).map(m -> m.group(1));
    }

    /** A match of one of Invoke's forms: group 1 the function name, group 2 the qualifier (or null). */
    private static Optional<Matcher> parsed(String nameOrArn) {
        Matcher full = ARN.matcher(nameOrArn);
        if (full.matches()) {
            return Optional.of(full);
        }
        Matcher partial = PARTIAL.matcher(nameOrArn);
        return partial.matches() ? Optional.of(partial) : Optional.empty();
    }
}
