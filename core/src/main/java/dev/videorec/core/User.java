package dev.videorec.core;

import java.util.Objects;

/**
 * A user account, as the platform knows it.
 *
 * @param id     the user's id
 * @param region a short region code such as {@code "r2"}; never blank
 */
public record User(UserId id, String region) {
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(region, "region");
    if (region.isBlank()) {
      throw new IllegalArgumentException("region must not be blank for " + id);
    }
  }
}
