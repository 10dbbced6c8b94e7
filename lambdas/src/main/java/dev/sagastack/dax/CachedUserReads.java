package dev.sagastack.dax;

import dev.sagastack.keys.Keys;
import dev.sagastack.user.Emails;
import dev.sagastack.user.InvalidUser;
import dev.sagastack.user.User;
import dev.sagastack.user.UserReads;
import dev.sagastack.user.internal.UserItems;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.util.Map;
import java.util.Optional;

/**
 * User reads for display (GET /users/{id}): eventually consistent, served by DAX's item cache
 * when configured. Never use it to decide a write; {@code UserRepository} reads are consistent.
 */
public final class CachedUserReads implements UserReads {

    /** User ids are generated; none has this one. */
    private static final String PROBE_USER_ID = "PRIMING";

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

    /** After a SnapStart restore: whether DAX answers a read of a key no item has. */
    public boolean probeDax() {
        GetItemRequest request = GetItemRequest.builder().tableName(table)
                .key(Keys.userProfile(PROBE_USER_ID).toMap()).consistentRead(false).build();
        return routing.probeDax(c -> c.getItem(request));
    }

    private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        GetItemRequest request = GetItemRequest.builder().tableName(table).key(key).consistentRead(false).build();
        Map<String, AttributeValue> item = routing.read(ReadKind.EVENTUALLY_CONSISTENT, c -> c.getItem(request)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }
}
