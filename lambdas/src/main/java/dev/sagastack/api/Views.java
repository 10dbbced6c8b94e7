package dev.sagastack.api;

import dev.sagastack.account.Account;
import dev.sagastack.account.Receipt;
import dev.sagastack.eventstore.StoredEvent;
import dev.sagastack.forum.Category;
import dev.sagastack.forum.Post;
import dev.sagastack.forum.Topic;
import dev.sagastack.inventory.StockLevel;
import dev.sagastack.json.JsonDocument;
import dev.sagastack.order.Order;
import dev.sagastack.pagination.Page;
import dev.sagastack.user.User;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The JSON shapes of the API's resources, as ordered maps of plain values. */
final class Views {

    private Views() {
    }

    static Map<String, Object> order(Order order, String executionArn) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("orderId", order.orderId());
        view.put("userId", order.userId());
        view.put("status", order.status().name());
        view.put("items", order.lines().stream().map(l -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", l.sku());
            line.put("quantity", l.quantity());
            line.put("unitPrice", l.unitPrice());
            return line;
        }).toList());
        view.put("total", order.total());
        view.put("currency", order.currency());
        view.put("executionArn", executionArn);
        view.put("failure", order.failure().map(f -> {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("error", f.error());
            failure.put("cause", f.cause());
            return failure;
        }).orElse(null));
        view.put("createdAt", order.createdAt().toString());
        view.put("updatedAt", order.updatedAt().toString());
        return view;
    }

    static Map<String, Object> user(User user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", user.userId());
        view.put("email", user.email());
        view.put("displayName", user.displayName());
        view.put("createdAt", user.createdAt().toString());
        view.put("updatedAt", user.updatedAt().toString());
        return view;
    }

    static Map<String, Object> account(Account account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("accountId", account.accountId());
        view.put("ownerId", account.ownerId());
        view.put("balance", account.balance());
        view.put("currency", account.currency());
        view.put("status", account.status().name());
        view.put("version", account.version());
        return view;
    }

    static Map<String, Object> receipt(Receipt receipt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("accountId", receipt.accountId());
        view.put("commandId", receipt.commandId());
        view.put("amount", receipt.amount());
        view.put("currency", receipt.currency());
        view.put("balance", receipt.balanceAfter());
        view.put("version", receipt.version());
        view.put("replayed", receipt.replayed());
        return view;
    }

    static Map<String, Object> event(StoredEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version", event.version());
        view.put("type", event.type());
        // the payload as the JSON it is (a string only if it were not JSON), without data binding
        view.put("data", JsonDocument.of(event.payload()).<Object>map(d -> d).orElse(event.payload()));
        view.put("recordedAt", event.recordedAt().toString());
        view.put("commandId", event.commandId().orElse(null));
        return view;
    }

    static Map<String, Object> stock(StockLevel level) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sku", level.sku());
        view.put("available", level.available());
        view.put("reserved", level.reserved());
        return view;
    }

    static Map<String, Object> category(Category c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("categoryId", c.categoryId());
        view.put("name", c.name());
        view.put("topicCount", c.topicCount());
        view.put("postCount", c.postCount());
        view.put("createdAt", c.createdAt().toString());
        return view;
    }

    static Map<String, Object> topic(Topic t) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("categoryId", t.categoryId());
        view.put("topicId", t.topicId());
        view.put("title", t.title());
        view.put("authorId", t.authorId());
        view.put("postCount", t.postCount());
        return view;
    }

    static Map<String, Object> post(Post p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("categoryId", p.categoryId());
        view.put("topicId", p.topicId());
        view.put("postId", p.postId());
        view.put("authorId", p.authorId());
        view.put("body", p.body());
        view.put("postedAt", p.postedAt().toString());
        return view;
    }

    static <T> Map<String, Object> page(Page<T> page, Function<T, Map<String, Object>> view) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> items = page.items().stream().map(view).toList();
        body.put("items", items);
        body.put("nextCursor", page.nextCursor().orElse(null));
        return body;
    }
}
