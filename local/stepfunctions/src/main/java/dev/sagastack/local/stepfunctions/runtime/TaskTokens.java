package dev.sagastack.local.stepfunctions.runtime;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task tokens of .waitForTaskToken tasks and activities: the open ones and the task each waits
 * in, and how recently closed ones ended, so that a late SendTaskSuccess/Failure/Heartbeat gets the
 * error AWS gives (TaskTimedOut for a timed-out task, TaskDoesNotExist, InvalidToken for a malformed one).
 */
final class TaskTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CLOSED_KEPT = 10_000;

    /** The task a token answers: its strand, and which of the strand's waits it belongs to. */
    record Waiting(Strand strand, long waitId) {
    }

    private final Map<String, Waiting> open = new ConcurrentHashMap<>();
    private final Map<String, String> closed = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> e) {
                    return size() > CLOSED_KEPT;
                }
            });

    static String newToken() {
        byte[] b = new byte[48];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    void open(String token, Strand strand, long waitId) {
        open.put(token, new Waiting(strand, waitId));
    }

    /** The task waiting for this token, or null when it is closed or unknown. */
    Waiting waiting(String token) {
        return open.get(token);
    }

    /** The task ended ({@code how}: succeeded, failed, timedOut); its token answers no more. */
    void close(String token, String how) {
        open.remove(token);
        closed.put(token, how);
    }

    /** The task was aborted with its execution. */
    void forget(String token) {
        open.remove(token);
    }

    /** The API error for a token that is not open. */
    String refusal(String token) {
        String how = closed.get(token);
        if ("timedOut".equals(how)) {
            return "TaskTimedOut";
        }
        return how == null && !token.matches("[A-Za-z0-9_\\-+/=]{1,2048}") ? "InvalidToken" : "TaskDoesNotExist";
    }
}
