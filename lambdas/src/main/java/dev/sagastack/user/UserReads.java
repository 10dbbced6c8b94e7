package dev.sagastack.user;

import java.util.Optional;

/** Reading users; implementations differ in consistency and caching. */
public interface UserReads {

    Optional<User> findById(String userId);

    Optional<User> findByEmail(String email);
}
