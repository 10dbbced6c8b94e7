package dev.sagastack.dax;

import dev.sagastack.keys.Keys;
import dev.sagastack.user.Emails;
import dev.sagastack.user.InvalidUser;
import dev.sagastack.user.User;
import dev.sagastack.user.UserReads;
import dev.sagastack.user.internal.UserItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.util.Map;
import java.util.Optional;

/**
 * User reads for display (GET /users/{id}): eventually consistent, served by DAX's item cache
 * when configured. Never use it to decide a write; {@code UserRepository} reads are consistent.
 */
public final class CachedUserReads implements UserReads {

    private final ReadRouting routing;
    private final String table;

    public CachedUserReads(ReadRouting routing, String table) {
        this.routing = routing;
        this.table = table;
    }

    @Override
    public Optional<User> findById(String userId) {
        return get(Keys.userProfile(userId).toMap()).map(UserItems::user);
    }

    @Override
    public Optional<User> findByEmail(String email) {
        String normalised;
        try {
            normalised = Emails.normalise(email);
        } catch (InvalidUser e) {
            return Optional.empty();
        }
        return get(Keys.emailGuard(normalised).toMap())
                .flatMap(guard -> findById(guard.get("userId").s()))
                .filter(user -> user.email().equals(normalised));
    }

    private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        DynamoDbClient client = routing.clientFor(ReadKind.EVENTUALLY_CONSISTENT);
        Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                .key(key).consistentRead(false).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }
}
