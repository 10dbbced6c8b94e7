package dev.sagastack.forum;

public enum PostOrder { NEWEST_FIRST, OLDEST_FIRST }
