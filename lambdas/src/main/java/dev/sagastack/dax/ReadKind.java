package dev.sagastack.dax;

/** Why a read happens; decides whether DAX may serve it. */
public enum ReadKind {
    /** A display read that tolerates staleness: the only kind DAX serves. */
    EVENTUALLY_CONSISTENT,
    /** ConsistentRead=true: DAX passes these through anyway, so go direct. */
    STRONGLY_CONSISTENT,
    /** A read whose result feeds a conditional write (version checks): a stale cache breaks the check. */
    BEFORE_CONDITIONAL_WRITE,
    /** A read of something this request just wrote: the item cache may not have it yet. */
    READ_AFTER_WRITE,
    /** Event-store reads: streams must be read exactly as written. */
    EVENT_STORE
}
