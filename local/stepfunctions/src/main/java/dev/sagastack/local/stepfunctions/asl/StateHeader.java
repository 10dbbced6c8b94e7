package dev.sagastack.local.stepfunctions.asl;

/** What every state type has, read before the type's own fields. */
record StateHeader(String name, QueryLanguage language, String next, boolean end, Processing io) {
    boolean jsonata() {
        return language == QueryLanguage.JSONata;
    }
}
