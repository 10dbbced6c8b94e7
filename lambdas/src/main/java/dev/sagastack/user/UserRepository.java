package dev.sagastack.user;

import dev.sagastack.user.internal.DynamoUserRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * Users with unique emails. Every write keeps the profile and its {@code EMAIL#} guard item in one
 * transaction, so no interleaving of requests can give two users the same email. Reads here are
 * strongly consistent (read-after-write); cached, eventually consistent reads are in
 * {@code dev.sagastack.dax.CachedUserReads}.
 */
public interface UserRepository extends UserReads {

    static UserRepository create(DynamoDbClient client, String tableName, Clock clock) {
        return new DynamoUserRepository(client, tableName, clock);
    }

    /** @throws DuplicateEmail when the email (normalised) belongs to another user */
    User create(NewUser user);

    /** Moves the email guard atomically. @throws DuplicateEmail, UserNotFound */
    User changeEmail(String userId, String newEmail);

    /** @throws UserNotFound */
    User rename(String userId, String displayName);

    /** Removes the profile and its guard; false when there was no such user. */
    boolean delete(String userId);
}
