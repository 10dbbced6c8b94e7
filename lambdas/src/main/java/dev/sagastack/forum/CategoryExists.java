package dev.sagastack.forum;

import dev.sagastack.errors.Refusal;

import java.util.Optional;

/** A category with this id already exists (API: 409). */
public final class CategoryExists extends Refusal {
    public CategoryExists(String categoryId) {
        super(Kind.CONFLICT, "category already exists: " + categoryId);
    }

    @Override
    public Optional<String> field() {
        return Optional.of("categoryId");
    }
}
