package dev.sagastack.api;

import dev.sagastack.keys.Keys;

/** Ids from paths and bodies must be valid key components; anything else is a 400 naming the field. */
final class Ids {

    private Ids() {
    }

    static String check(String field, String value) {
        try {
            return Keys.component(field, value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, e.getMessage());
        }
    }
}
