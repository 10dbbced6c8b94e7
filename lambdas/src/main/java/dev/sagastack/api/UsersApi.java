package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.user.NewUser;
import dev.sagastack.user.User;
import dev.sagastack.user.UserReads;
import dev.sagastack.user.UserRepository;

import java.util.Map;

/**
 * {@code POST /users}, {@code GET /users/{id}}. The GET is a display read, so it may be served
 * eventually consistent (through DAX when configured); creation answers with what it wrote and never
 * reads back through the cache.
 */
final class UsersApi {

    private final UserRepository users;
    private final UserReads displayReads;

    UsersApi(UserRepository users, UserReads displayReads) {
        this.users = users;
        this.displayReads = displayReads;
    }

    void register(Router router) {
        router.add(HttpApiRoutes.CREATE_USER, this::create).add(HttpApiRoutes.GET_USER, this::get);
    }

    private APIGatewayV2HTTPResponse create(ApiRequest request) {
        JsonBody body = request.json();
        String email = body.requiredString("email");
        String displayName = body.requiredString("displayName");
        User user = users.create(new NewUser(email, displayName));
        return Responses.json(201, Views.user(user), Map.of("location", "/users/" + user.userId()));
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request) {
        String userId = Ids.check("id", request.pathParameter("id"));
        return displayReads.findById(userId).map(u -> Responses.json(200, Views.user(u)))
                .orElseThrow(() -> ApiException.notFound("user " + userId + " does not exist"));
    }
}
