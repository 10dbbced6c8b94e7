package dev.sagastack.forum;

/** A category with this id already exists (API: 409). */
public final class CategoryExists extends RuntimeException {
    public CategoryExists(String categoryId) {
        super("category already exists: " + categoryId);
    }
}
