package dev.videorec.core;

import java.util.Objects;

/**
 * A user's subscription to a creator.
 *
 * @param user    the subscriber
 * @param creator the creator subscribed to
 * @param since   when the subscription started, epoch seconds
 */
public record Subscription(UserId user, CreatorId creator, long since) {
  public Subscription {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(creator, "creator");
  }
}
