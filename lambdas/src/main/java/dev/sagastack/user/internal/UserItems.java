package dev.sagastack.user.internal;

import dev.sagastack.keys.Keys;
import dev.sagastack.schema.Tables;
import dev.sagastack.user.User;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static dev.sagastack.dynamo.Attributes.instant;
import static dev.sagastack.dynamo.Attributes.s;
import static dev.sagastack.dynamo.Attributes.string;

/** Item shapes of users and email guards. */
public final class UserItems {

    public static final String USER = "User";
    public static final String EMAIL_GUARD = "EmailGuard";

    private UserItems() {
    }

    public static Map<String, AttributeValue> profile(User user) {
        Map<String, AttributeValue> item = Keys.userProfile(user.userId()).toMap();
        item.put(Tables.ENTITY_TYPE, s(USER));
        item.put("userId", s(user.userId()));
        item.put("email", s(user.email()));
        item.put("displayName", s(user.displayName()));
        item.put("createdAt", instant(user.createdAt()));
        item.put("updatedAt", instant(user.updatedAt()));
        return item;
    }

    public static Map<String, AttributeValue> guard(String email, String userId) {
        Map<String, AttributeValue> item = Keys.emailGuard(email).toMap();
        item.put(Tables.ENTITY_TYPE, s(EMAIL_GUARD));
        item.put("userId", s(userId));
        item.put("email", s(email));
        return item;
    }

    public static User user(Map<String, AttributeValue> item) {
        return new User(string(item, "userId"), string(item, "email"), string(item, "displayName"),
                instant(item, "createdAt"), instant(item, "updatedAt"));
    }
}
