package dev.sagastack.user.internal;

import dev.sagastack.dynamo.Cancellation;
import dev.sagastack.dynamo.Transactions;
import dev.sagastack.keys.Keys;
import dev.sagastack.keys.TimeOrderedIds;
import dev.sagastack.user.DuplicateEmail;
import dev.sagastack.user.Emails;
import dev.sagastack.user.InvalidUser;
import dev.sagastack.user.NewUser;
import dev.sagastack.user.User;
import dev.sagastack.user.UserNotFound;
import dev.sagastack.user.UserRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.dynamo.Attributes.instant;
import static dev.sagastack.dynamo.Attributes.s;

/** Users in the single table; all reads strongly consistent. */
public final class DynamoUserRepository implements UserRepository {

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final TimeOrderedIds ids;

    public DynamoUserRepository(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.ids = new TimeOrderedIds(clock);
    }

    @Override
    public User create(NewUser newUser) {
        String email = Emails.normalise(newUser.email());
        Instant now = clock.instant();
        User user = new User(ids.next(), email, newUser.displayName().trim(), now, now);
        try {
            Transactions.write(client, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(UserItems.profile(user))
                            .conditionExpression("attribute_not_exists(PK)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(UserItems.guard(email, user.userId()))
                            .conditionExpression("attribute_not_exists(PK)").build()).build()
            ).build());
        } catch (TransactionCanceledException e) {
            if (Cancellation.of(e).conditionFailedAt(1)) {
                throw new DuplicateEmail(email);
            }
            throw e;
        }
        return user;
    }

    @Override
    public Optional<User> findById(String userId) {
        return profile(userId).map(UserItems::user);
    }

    @Override
    public Optional<User> findByEmail(String email) {
        String normalised;
        try {
            normalised = Emails.normalise(email);
        } catch (InvalidUser e) {
            return Optional.empty();
        }
        Map<String, AttributeValue> guard = client.getItem(GetItemRequest.builder().tableName(table)
                .key(Keys.emailGuard(normalised).toMap()).consistentRead(true).build()).item();
        if (guard == null || guard.isEmpty()) {
            return Optional.empty();
        }
        return findById(guard.get("userId").s()).filter(u -> u.email().equals(normalised));
    }

    @Override
    public User changeEmail(String userId, String newEmail) {
        String email = Emails.normalise(newEmail);
        User current = findById(userId).orElseThrow(() -> new UserNotFound(userId));
        if (current.email().equals(email)) {
            return current;
        }
        Instant now = clock.instant();
        try {
            Transactions.write(client, TransactWriteItemsRequest.builder().transactItems(
                    // the profile must still carry the email we read, or a concurrent change would be lost
                    TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(Keys.userProfile(userId).toMap())
                            .updateExpression("SET email = :new, updatedAt = :now")
                            .conditionExpression("email = :old")
                            .expressionAttributeValues(Map.of(":new", s(email), ":old", s(current.email()),
                                    ":now", instant(now)))).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(UserItems.guard(email, userId))
                            .conditionExpression("attribute_not_exists(PK)").build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(Keys.emailGuard(current.email()).toMap())
                            .conditionExpression("userId = :me")
                            .expressionAttributeValues(Map.of(":me", s(userId))).build()).build()
            ).build());
        } catch (TransactionCanceledException e) {
            Cancellation reasons = Cancellation.of(e);
            if (reasons.conditionFailedAt(1)) {
                throw new DuplicateEmail(email);
            }
            if (reasons.conditionFailedAt(0)) {
                // the profile changed or vanished since we read it: report the state we find now
                if (findById(userId).isEmpty()) {
                    throw new UserNotFound(userId);
                }
                return changeEmail(userId, newEmail);
            }
            throw e;
        }
        return new User(userId, email, current.displayName(), current.createdAt(), now);
    }

    @Override
    public User rename(String userId, String displayName) {
        if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
            throw new InvalidUser("displayName must be 1-100 characters");
        }
        try {
            Map<String, AttributeValue> item = client.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Keys.userProfile(userId).toMap())
                    .updateExpression("SET displayName = :name, updatedAt = :now")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":name", s(displayName.trim()), ":now", instant(clock.instant())))
                    .returnValues("ALL_NEW").build()).attributes();
            return UserItems.user(item);
        } catch (ConditionalCheckFailedException e) {
            throw new UserNotFound(userId);
        }
    }

    @Override
    public boolean delete(String userId) {
        Optional<User> current = findById(userId);
        if (current.isEmpty()) {
            return false;
        }
        try {
            Transactions.write(client, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(Keys.userProfile(userId).toMap())
                            .conditionExpression("email = :email")
                            .expressionAttributeValues(Map.of(":email", s(current.get().email()))).build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(Keys.emailGuard(current.get().email()).toMap())
                            .conditionExpression("userId = :me")
                            .expressionAttributeValues(Map.of(":me", s(userId))).build()).build()
            ).build());
            return true;
        } catch (TransactionCanceledException e) {
            if (Cancellation.of(e).conditionFailedAt(0)) {
                // deleted or re-emailed concurrently: start over from what is there now
                return delete(userId);
            }
            throw e;
        }
    }

    private Optional<Map<String, AttributeValue>> profile(String userId) {
        Keys.component("userId", userId);
        Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                .key(Keys.userProfile(userId).toMap()).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }
}
