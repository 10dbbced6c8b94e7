package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.forum.Forum;
import dev.sagastack.forum.PostOrder;

import java.util.Locale;
import java.util.Map;

/** Categories, topics (newest first) and posts (either order), with opaque cursors. */
final class ForumApi {

    private final Forum forum;

    ForumApi(Forum forum) {
        this.forum = forum;
    }

    void register(Router router) {
        router.add(HttpApiRoutes.CREATE_CATEGORY, this::createCategory)
                .add(HttpApiRoutes.LIST_CATEGORIES, r -> Responses.json(200,
                        Views.page(forum.categories(Paging.from(r)), Views::category)))
                .add(HttpApiRoutes.CREATE_TOPIC, this::createTopic)
                .add(HttpApiRoutes.LIST_TOPICS, r -> Responses.json(200,
                        Views.page(forum.topics(categoryId(r), Paging.from(r)), Views::topic)))
                .add(HttpApiRoutes.ADD_POST, this::addPost)
                .add(HttpApiRoutes.LIST_POSTS, this::posts);
    }

    private APIGatewayV2HTTPResponse createCategory(ApiRequest request) {
        JsonBody body = request.json();
        String categoryId = body.requiredId("categoryId");
        String name = body.requiredString("name");
        var category = forum.createCategory(categoryId, name);
        return Responses.json(201, Views.category(category), Map.of("location", "/forum/categories/" + categoryId));
    }

    private APIGatewayV2HTTPResponse createTopic(ApiRequest request) {
        String categoryId = categoryId(request);
        JsonBody body = request.json();
        String title = body.requiredString("title");
        String authorId = body.requiredId("authorId");
        return Responses.json(201, Views.topic(forum.createTopic(categoryId, title, authorId)));
    }

    private APIGatewayV2HTTPResponse addPost(ApiRequest request) {
        String categoryId = categoryId(request);
        String topicId = Ids.check("topicId", request.pathParameter("topicId"));
        JsonBody body = request.json();
        String authorId = body.requiredId("authorId");
        String text = body.requiredString("body");
        return Responses.json(201, Views.post(forum.addPost(categoryId, topicId, authorId, text)));
    }

    private APIGatewayV2HTTPResponse posts(ApiRequest request) {
        String categoryId = categoryId(request);
        String topicId = Ids.check("topicId", request.pathParameter("topicId"));
        String orderText = request.query("order").orElse("newest").toLowerCase(Locale.ROOT);
        PostOrder order = switch (orderText) {
            case "newest" -> PostOrder.NEWEST_FIRST;
            case "oldest" -> PostOrder.OLDEST_FIRST;
            default -> throw ApiException.badRequest("order", "order must be newest or oldest");
        };
        return Responses.json(200, Views.page(forum.posts(categoryId, topicId, order,
                Paging.from(request)), Views::post));
    }

    private static String categoryId(ApiRequest request) {
        return Ids.check("categoryId", request.pathParameter("categoryId"));
    }
}
