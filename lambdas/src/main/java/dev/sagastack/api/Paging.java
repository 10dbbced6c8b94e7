package dev.sagastack.api;

import dev.sagastack.pagination.PageRequest;

import java.util.Optional;

/** {@code ?limit=&cursor=} of list routes; a bad limit is a 400 naming {@code limit}. */
final class Paging {

    static final int DEFAULT_LIMIT = 25;

    private Paging() {
    }

    static PageRequest from(ApiRequest request) {
        int limit = DEFAULT_LIMIT;
        Optional<String> text = request.query("limit");
        if (text.isPresent()) {
            try {
                limit = Integer.parseInt(text.get());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit", "limit must be an integer");
            }
            if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
                throw ApiException.badRequest("limit", "limit must be between 1 and " + PageRequest.MAX_LIMIT);
            }
        }
        Optional<String> cursor = request.query("cursor").filter(c -> !c.isEmpty());
        return new PageRequest(limit, cursor);
    }
}
