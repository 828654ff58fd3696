package dev.videorec.core;

import java.util.Objects;

/**
 * What a client asks for: {@code k} videos for {@code user} at {@code timestamp}.
 *
 * @param user      who asks
 * @param timestamp request instant in epoch seconds; features and filters are evaluated as of this instant
 * @param k         how many videos to return, {@code 1..MAX_K}
 */
public record RecommendationRequest(UserId user, long timestamp, int k) {
  /** Upper bound on {@code k}: the funnel is built to show a screenful, not to dump the catalogue. */
  public static final int MAX_K = 1000;

  public RecommendationRequest {
    Objects.requireNonNull(user, "user");
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in [1, " + MAX_K + "], got " + k);
    }
  }
}
